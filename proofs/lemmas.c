/* The lemmas of specs/, proved once: these headers include every spec file that declares some. */
#include "ntkcert/interval.h"
#include "ntkcert/bound.h"
#include "rows.acsl.h"
#include "network.acsl.h"
#include "first.acsl.h"
