/* Atomic output files: see io.h. */
#include "ntkcert/io.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The temporaries now open, for io_remove_temporaries. A slot's flag is set
 * only once its path is complete, and cleared before the path changes, so a
 * signal arriving at any moment sees whole paths only. */
enum { MAX_TMP = 16 };
static char open_tmp[MAX_TMP][4096 + 16];
static volatile sig_atomic_t in_use[MAX_TMP];

static void track(const char *tmp, int on)
{
    #pragma omp critical(ntkcert_io_tmp)
    for (int i = 0; i < MAX_TMP; i++) {
        if (on && !in_use[i]) { strcpy(open_tmp[i], tmp); in_use[i] = 1; break; }
        if (!on && in_use[i] && !strcmp(open_tmp[i], tmp)) { in_use[i] = 0; break; }
    }
}

void io_remove_temporaries(void)
{
    for (int i = 0; i < MAX_TMP; i++)
        if (in_use[i]) unlink(open_tmp[i]);
}

int io_check_writable(const char *path, nc_err *e)
{
    char dir[4096];
    struct stat st;
    if (!*path || strlen(path) >= sizeof dir) return nc_fail(e, NC_EINPUT, "%s: bad output path", path);
    strcpy(dir, path);
    char *slash = strrchr(dir, '/');
    if (!slash) strcpy(dir, ".");
    else if (slash == dir) dir[1] = 0;
    else *slash = 0;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return nc_fail(e, NC_EINPUT, "%s: directory %s does not exist", path, dir);
    if (access(dir, W_OK | X_OK) != 0)
        return nc_fail(e, NC_EINPUT, "%s: directory %s is not writable", path, dir);
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return nc_fail(e, NC_EINPUT, "%s: is a directory", path);
    return NC_OK;
}

int io_out_open(io_out *o, const char *path, nc_err *e)
{
    memset(o, 0, sizeof *o);
    if (strlen(path) >= sizeof o->path)
        return nc_fail(e, NC_EINPUT, "%s: path too long", path);
    strcpy(o->path, path);
    snprintf(o->tmp, sizeof o->tmp, "%s.tmpXXXXXX", path);
    int fd = mkstemp(o->tmp);
    if (fd < 0)
        return nc_fail(e, NC_EIO, "%s: cannot write: %s", path, strerror(errno));
    mode_t um = umask(0); /* mkstemp makes 0600; give the usual 0666 & ~umask */
    umask(um);
    fchmod(fd, 0666 & ~um);
    o->f = fdopen(fd, "wb");
    if (!o->f) {
        int err = errno;
        close(fd);
        unlink(o->tmp);
        return nc_fail(e, NC_EIO, "%s: cannot write: %s", path, strerror(err));
    }
    track(o->tmp, 1);
    return NC_OK;
}

int io_out_commit(io_out *o, nc_err *e)
{
    int bad = ferror(o->f);
    if (fclose(o->f) != 0) bad = 1;
    o->f = NULL;
    track(o->tmp, 0);
    if (bad) {
        unlink(o->tmp);
        return nc_fail(e, NC_EIO, "%s: write failed", o->path);
    }
    if (rename(o->tmp, o->path) != 0) {
        int err = errno;
        unlink(o->tmp);
        return nc_fail(e, NC_EIO, "%s: cannot write: %s", o->path, strerror(err));
    }
    return NC_OK;
}

void io_out_abort(io_out *o)
{
    if (o->f) fclose(o->f);
    o->f = NULL;
    if (o->tmp[0]) {
        unlink(o->tmp);
        track(o->tmp, 0);
    }
}
