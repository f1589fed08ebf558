/* The lemmas of specs/ (every header that declares some), proved once. */
#include "ntkcert/interval.h"
#include "product.acsl.h"
