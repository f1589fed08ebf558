/* io.h: atomic output files. Output is written to a temporary file in the
 * target's directory and renamed over the target only when complete, so an
 * interrupted or failed run leaves no half-written file. */
#ifndef NTKCERT_IO_H
#define NTKCERT_IO_H

#include <stdio.h>

#include "ntkcert/error.h"

typedef struct {
    FILE *f;
    char path[4096];
    char tmp[4096 + 16];
} io_out;

/* NC_OK if a file can be created at path (its directory exists and is
 * writable, path is not a directory); else NC_EINPUT naming path. Lets a
 * caller refuse a bad output path before doing the work. */
int io_check_writable(const char *path, nc_err *e);
/* Opens a temporary file beside path. NC_EIO naming path if it cannot. */
int io_out_open(io_out *o, const char *path, nc_err *e);
/* Closes and renames onto path; on any write error removes the temporary. */
int io_out_commit(io_out *o, nc_err *e);
/* Closes and removes the temporary; path is untouched. */
void io_out_abort(io_out *o);
/* Removes every temporary still open (up to 16 are tracked). Only calls
 * unlink, so a signal handler may call it before the process dies. */
void io_remove_temporaries(void);

#endif
