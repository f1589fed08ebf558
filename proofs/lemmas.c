/* The lemmas of specs/, proved once: interval.h includes every header that declares some. */
#include "ntkcert/interval.h"
