/* error.h: status codes and messages. Library functions never print, exit or
 * abort on bad input: they return a status and fill an nc_err. */
#ifndef NTKCERT_ERROR_H
#define NTKCERT_ERROR_H

enum {
    NC_OK = 0,
    NC_EINPUT = 1,   /* bad input: file, format, value or argument */
    NC_ENOMEM = 2,   /* allocation failed */
    NC_EIO = 3,      /* a read or write failed */
    NC_ENUMERIC = 4  /* a numerical method failed (e.g. a matrix not positive definite) */
};

typedef struct { int code; char msg[1024]; } nc_err;

/* Records code and the printf-style message in e (if e is not NULL); returns code. */
int nc_fail(nc_err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The library's version string, e.g. "0.1.0". */
const char *nc_version(void);

#endif
