#include "ntkcert/error.h"

#include <stdarg.h>
#include <stdio.h>

int nc_fail(nc_err *e, int code, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
        e->code = code;
    }
    return code;
}

#ifndef NTKCERT_VERSION
#define NTKCERT_VERSION "0.0.0"
#endif
const char *nc_version(void) { return NTKCERT_VERSION; }
