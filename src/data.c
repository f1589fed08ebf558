/* Data sets: see data.h. */
#include "ntkcert/data.h"
#include "ntkcert/io.h"
#include "ntkcert/rng.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <openssl/evp.h>
#include <zlib.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "data.c reads and writes little-endian float64; port the NPY code first"
#endif

void data_free(nc_data *ds)
{
    free(ds->X);
    free(ds->y);
    memset(ds, 0, sizeof *ds);
}

static int alloc_data(nc_data *ds, long n, long d, const char *name, nc_err *e)
{
    memset(ds, 0, sizeof *ds);
    if (n > 0 && (size_t)d > SIZE_MAX / sizeof(double) / (size_t)n)
        return nc_fail(e, NC_EINPUT, "%s: %ld x %ld values overflow memory sizes", name, n, d);
    ds->X = malloc((size_t)n * (size_t)d * sizeof(double) + 1);
    ds->y = calloc((size_t)n + 1, sizeof(double));
    if (!ds->X || !ds->y) {
        data_free(ds);
        return nc_fail(e, NC_ENOMEM, "%s: out of memory for %ld x %ld values", name, n, d);
    }
    ds->n = n;
    ds->d = d;
    return NC_OK;
}

/* ---- IDX ---- */

typedef struct {
    int type, ndim;
    size_t dims[8], count; /* count = product of dims */
    int esize;
} idx_header;

static int idx_esize(int type)
{
    switch (type) {
    case 0x08: case 0x09: return 1;
    case 0x0B: return 2;
    case 0x0C: case 0x0D: return 4;
    case 0x0E: return 8;
    default: return 0;
    }
}

static uint32_t be32(const unsigned char *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* Reads exactly len bytes or reports the file as truncated. */
static int gz_read_all(gzFile g, void *buf, size_t len, const char *path, const char *what,
                       nc_err *e)
{
    unsigned char *p = buf;
    while (len > 0) {
        unsigned chunk = len > (1u << 30) ? (1u << 30) : (unsigned)len;
        int got = gzread(g, p, chunk);
        if (got < 0) {
            int zerr;
            const char *msg = gzerror(g, &zerr);
            return nc_fail(e, NC_EIO, "%s: read error: %s", path, msg);
        }
        if (got == 0) return nc_fail(e, NC_EINPUT, "%s: truncated %s", path, what);
        p += got;
        len -= (size_t)got;
    }
    return NC_OK;
}

static gzFile open_gz(const char *path, nc_err *e)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        nc_fail(e, NC_EINPUT, "%s: %s", path, strerror(errno));
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        nc_fail(e, NC_EINPUT, "%s: is a directory", path);
        return NULL;
    }
    gzFile g = gzopen(path, "rb");
    if (!g) nc_fail(e, NC_EINPUT, "%s: %s", path, strerror(errno));
    return g;
}

static int idx_read_header(gzFile g, const char *path, idx_header *h, nc_err *e)
{
    unsigned char b[4];
    int got = gzread(g, b, 4);
    if (got == 0) return nc_fail(e, NC_EINPUT, "%s: empty file", path);
    if (got != 4) return nc_fail(e, NC_EINPUT, "%s: truncated IDX header", path);
    if (b[0] != 0 || b[1] != 0 || !idx_esize(b[2]) || b[3] < 1 || b[3] > 8)
        return nc_fail(e, NC_EINPUT, "%s: bad IDX magic number 0x%02x%02x%02x%02x", path,
                       b[0], b[1], b[2], b[3]);
    h->type = b[2];
    h->ndim = b[3];
    h->esize = idx_esize(b[2]);
    h->count = 1;
    for (int i = 0; i < h->ndim; i++) {
        int rc = gz_read_all(g, b, 4, path, "IDX header", e);
        if (rc) return rc;
        h->dims[i] = be32(b);
        if (h->dims[i] != 0 && h->count > SIZE_MAX / (size_t)h->esize / h->dims[i])
            return nc_fail(e, NC_EINPUT, "%s: IDX dimensions overflow size_t", path);
        h->count *= h->dims[i];
    }
    return NC_OK;
}

static double idx_value(const unsigned char *p, int type)
{
    unsigned char r[8];
    switch (type) {
    case 0x08: return p[0];
    case 0x09: return (signed char)p[0];
    case 0x0B: { int16_t v = (int16_t)((uint16_t)p[0] << 8 | p[1]); return v; }
    case 0x0C: return (int32_t)be32(p);
    case 0x0D: { float f; for (int i = 0; i < 4; i++) r[i] = p[3 - i]; memcpy(&f, r, 4); return f; }
    default: { double d; for (int i = 0; i < 8; i++) r[i] = p[7 - i]; memcpy(&d, r, 8); return d; }
    }
}

/* Reads a whole IDX file into doubles (ubyte scaled by 1/255 if scale). */
static int idx_read(const char *path, int scale, idx_header *h, double **out, nc_err *e)
{
    *out = NULL;
    gzFile g = open_gz(path, e);
    if (!g) return NC_EINPUT;
    int rc = idx_read_header(g, path, h, e);
    unsigned char *raw = NULL;
    double *v = NULL;
    if (rc) goto done;
    size_t bytes = h->count * (size_t)h->esize;
    raw = malloc(bytes + 1);
    v = malloc(h->count * sizeof *v + 1);
    if (!raw || !v) {
        rc = nc_fail(e, NC_ENOMEM, "%s: out of memory for %zu values", path, h->count);
        goto done;
    }
    char what[64];
    snprintf(what, sizeof what, "IDX data (%zu bytes expected)", bytes);
    if ((rc = gz_read_all(g, raw, bytes, path, what, e))) goto done;
    unsigned char extra;
    if (gzread(g, &extra, 1) != 0) {
        rc = nc_fail(e, NC_EINPUT, "%s: trailing bytes after IDX data", path);
        goto done;
    }
    for (size_t i = 0; i < h->count; i++) {
        double x = idx_value(raw + i * (size_t)h->esize, h->type);
        if (!isfinite(x)) {
            rc = nc_fail(e, NC_EINPUT, "%s: value %zu is not finite", path, i);
            goto done;
        }
        v[i] = (scale && h->type == 0x08) ? x / 255.0 : x;
    }
done:
    gzclose(g);
    free(raw);
    if (rc) free(v);
    else *out = v;
    return rc;
}

int data_read_idx(const char *images, const char *labels, nc_data *out, nc_err *e)
{
    memset(out, 0, sizeof *out);
    idx_header hi, hl;
    double *X = NULL, *y = NULL;
    int rc = idx_read(images, 1, &hi, &X, e);
    if (rc) return rc;
    size_t n = hi.dims[0], d = n ? hi.count / n : 0;
    if (hi.ndim < 2 || n == 0 || d == 0) {
        free(X);
        return nc_fail(e, NC_EINPUT, "%s: IDX images need at least 2 dimensions and one sample", images);
    }
    if (labels) {
        if ((rc = idx_read(labels, 0, &hl, &y, e))) { free(X); return rc; }
        if (hl.ndim != 1 || hl.dims[0] != n) {
            free(X); free(y);
            return nc_fail(e, NC_EINPUT, "%s: %zu labels for %zu images in %s", labels,
                           hl.ndim == 1 ? hl.dims[0] : hl.count, n, images);
        }
    } else if (!(y = calloc(n + 1, sizeof *y))) {
        free(X);
        return nc_fail(e, NC_ENOMEM, "%s: out of memory", images);
    }
    out->n = (long)n; out->d = (long)d; out->X = X; out->y = y;
    return NC_OK;
}

/* ---- text formats ---- */

/* Reads a whole text file; NC_EINPUT if missing or empty. */
static int slurp(const char *path, char **buf, size_t *len, nc_err *e)
{
    *buf = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) return nc_fail(e, NC_EINPUT, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
        fclose(f);
        return nc_fail(e, NC_EINPUT, "%s: not a regular file", path);
    }
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    while (b) {
        if (n + 1 >= cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb) { free(b); b = NULL; break; }
            b = nb;
        }
        size_t got = fread(b + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (!b) return nc_fail(e, NC_ENOMEM, "%s: out of memory", path);
    if (bad) { free(b); return nc_fail(e, NC_EIO, "%s: read error", path); }
    b[n] = 0;
    if (strspn(b, " \t\r\n") == n) { free(b); return nc_fail(e, NC_EINPUT, "%s: empty file", path); }
    *buf = b;
    *len = n;
    return NC_OK;
}

/* A growing array of doubles. */
typedef struct { double *v; size_t n, cap; } dvec;

static int dvec_push(dvec *a, double x)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 1024;
        double *nv = realloc(a->v, cap * sizeof *nv);
        if (!nv) return -1;
        a->v = nv;
        a->cap = cap;
    }
    a->v[a->n++] = x;
    return 0;
}

/* Parses a finite number at *s, advancing it; 0 on success. */
static int parse_finite(char **s, double *x)
{
    char *end;
    errno = 0;
    *x = strtod(*s, &end);
    if (end == *s) return -1;
    *s = end;
    return isfinite(*x) ? 0 : 1;
}

int data_read_csv(const char *path, int label_last, int header, nc_data *out, nc_err *e)
{
    memset(out, 0, sizeof *out);
    char *buf;
    size_t len;
    int rc = slurp(path, &buf, &len, e);
    if (rc) return rc;
    dvec vals = {0}, labs = {0};
    long cols = -1, line = 0, n = 0;
    char *s = buf;
    while (*s) {
        char *eol = strchr(s, '\n');
        if (eol) *eol = 0;
        line++;
        char *p = s;
        s = eol ? eol + 1 : s + strlen(s);
        if (header && line == 1) continue;
        if (strspn(p, " \t\r") == strlen(p)) continue; /* blank line */
        long c = 0;
        size_t first = vals.n;
        for (;;) {
            double x;
            int bad = parse_finite(&p, &x);
            if (bad < 0) { rc = nc_fail(e, NC_EINPUT, "%s: line %ld: field %ld is not a number", path, line, c + 1); goto fail; }
            if (bad > 0) { rc = nc_fail(e, NC_EINPUT, "%s: line %ld: field %ld is NaN or infinite", path, line, c + 1); goto fail; }
            if (dvec_push(&vals, x)) goto nomem;
            c++;
            p += strspn(p, " \t\r");
            if (*p == ',') { p++; continue; }
            if (*p == 0) break;
            rc = nc_fail(e, NC_EINPUT, "%s: line %ld: unexpected '%c' after field %ld", path, line, *p, c);
            goto fail;
        }
        if (c < 2) { rc = nc_fail(e, NC_EINPUT, "%s: line %ld: needs a label and at least one feature", path, line); goto fail; }
        if (cols < 0) cols = c;
        if (c != cols) { rc = nc_fail(e, NC_EINPUT, "%s: line %ld: %ld fields, expected %ld (ragged CSV)", path, line, c, cols); goto fail; }
        /* move the label out of the feature row */
        size_t li = label_last ? vals.n - 1 : first;
        if (dvec_push(&labs, vals.v[li])) goto nomem;
        memmove(vals.v + li, vals.v + li + 1, (vals.n - li - 1) * sizeof(double));
        vals.n--;
        n++;
    }
    if (n == 0) { rc = nc_fail(e, NC_EINPUT, "%s: no samples", path); goto fail; }
    free(buf);
    out->n = n; out->d = cols - 1; out->X = vals.v; out->y = labs.v;
    return NC_OK;
nomem:
    rc = nc_fail(e, NC_ENOMEM, "%s: out of memory", path);
fail:
    free(buf); free(vals.v); free(labs.v);
    return rc;
}

int data_read_libsvm(const char *path, long d, nc_data *out, nc_err *e)
{
    memset(out, 0, sizeof *out);
    char *buf;
    size_t len;
    int rc = slurp(path, &buf, &len, e);
    if (rc) return rc;
    dvec labs = {0}, idx = {0}, val = {0}, rowend = {0};
    long line = 0, maxidx = 0;
    char *s = buf;
    while (*s) {
        char *eol = strchr(s, '\n');
        if (eol) *eol = 0;
        line++;
        char *p = s;
        s = eol ? eol + 1 : s + strlen(s);
        char *hash = strchr(p, '#');
        if (hash) *hash = 0;
        if (strspn(p, " \t\r") == strlen(p)) continue;
        double y;
        int bad = parse_finite(&p, &y);
        if (bad) { rc = nc_fail(e, NC_EINPUT, "%s: line %ld: bad label", path, line); goto fail; }
        if (dvec_push(&labs, y)) goto nomem;
        long last = 0;
        for (;;) {
            p += strspn(p, " \t\r");
            if (!*p) break;
            char *end;
            errno = 0;
            long k = strtol(p, &end, 10);
            if (end == p || *end != ':' || errno || k < 1) {
                rc = nc_fail(e, NC_EINPUT, "%s: line %ld: expected index:value with index >= 1", path, line);
                goto fail;
            }
            if (k <= last) { rc = nc_fail(e, NC_EINPUT, "%s: line %ld: indices not increasing", path, line); goto fail; }
            if (d > 0 && k > d) { rc = nc_fail(e, NC_EINPUT, "%s: line %ld: index %ld exceeds d=%ld", path, line, k, d); goto fail; }
            p = end + 1;
            double x;
            bad = parse_finite(&p, &x);
            if (bad) { rc = nc_fail(e, NC_EINPUT, "%s: line %ld: value for index %ld is %s", path, line, k, bad < 0 ? "not a number" : "NaN or infinite"); goto fail; }
            if (*p && *p != ' ' && *p != '\t' && *p != '\r') { rc = nc_fail(e, NC_EINPUT, "%s: line %ld: unexpected '%c'", path, line, *p); goto fail; }
            if (dvec_push(&idx, (double)k) || dvec_push(&val, x)) goto nomem;
            last = k;
            if (k > maxidx) maxidx = k;
        }
        if (dvec_push(&rowend, (double)idx.n)) goto nomem;
    }
    if (labs.n == 0) { rc = nc_fail(e, NC_EINPUT, "%s: no samples", path); goto fail; }
    if (d <= 0) d = maxidx > 0 ? maxidx : 1;
    if ((rc = alloc_data(out, (long)labs.n, d, path, e))) goto fail;
    memset(out->X, 0, (size_t)out->n * (size_t)d * sizeof(double));
    size_t k = 0;
    for (long i = 0; i < out->n; i++) {
        out->y[i] = labs.v[i];
        for (; k < (size_t)rowend.v[i]; k++) out->X[i * d + (long)idx.v[k] - 1] = val.v[k];
    }
    free(buf); free(labs.v); free(idx.v); free(val.v); free(rowend.v);
    return NC_OK;
nomem:
    rc = nc_fail(e, NC_ENOMEM, "%s: out of memory", path);
fail:
    free(buf); free(labs.v); free(idx.v); free(val.v); free(rowend.v);
    return rc;
}

/* ---- digests ---- */

void data_shuffle_labels(nc_data *ds, uint64_t seed)
{
    rng_t r;
    rng_seed(&r, seed);
    for (long i = ds->n - 1; i > 0; i--) { /* Fisher-Yates */
        long j = (long)rng_below(&r, (uint64_t)i + 1);
        double t = ds->y[i];
        ds->y[i] = ds->y[j];
        ds->y[j] = t;
    }
}

void data_sha256(const nc_data *ds, unsigned char out[32])
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    unsigned int len = 32;
    EVP_DigestInit_ex(c, EVP_sha256(), NULL);
    EVP_DigestUpdate(c, ds->X, (size_t)ds->n * (size_t)ds->d * sizeof(double));
    EVP_DigestUpdate(c, ds->y, (size_t)ds->n * sizeof(double));
    EVP_DigestFinal_ex(c, out, &len);
    EVP_MD_CTX_free(c);
}

void data_sha256_bytes(const void *p, size_t len, unsigned char out[32])
{
    unsigned int l = 32;
    EVP_Digest(p, len, out, &l, EVP_sha256(), NULL);
}

int data_sha256_file(const char *path, char hex[65], nc_err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f) return nc_fail(e, NC_EINPUT, "%s: %s", path, strerror(errno));
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    EVP_DigestInit_ex(c, EVP_sha256(), NULL);
    unsigned char buf[1 << 16], sha[32];
    unsigned int len = 32;
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0) EVP_DigestUpdate(c, buf, got);
    int bad = ferror(f);
    fclose(f);
    EVP_DigestFinal_ex(c, sha, &len);
    EVP_MD_CTX_free(c);
    if (bad) return nc_fail(e, NC_EIO, "%s: read error", path);
    data_hex(sha, hex);
    return NC_OK;
}

void data_hex(const unsigned char sha[32], char hex[65])
{
    for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", sha[i]);
}

/* ---- NPY ---- */

int data_write_npy(const char *path, const double *A, long rows, long cols, nc_err *e)
{
    char hdr[256];
    int len = snprintf(hdr, sizeof hdr, "{'descr': '<f8', 'fortran_order': False, 'shape': (%ld, %ld), }",
                       rows, cols);
    int total = 10 + len + 1, pad = (64 - total % 64) % 64;
    memset(hdr + len, ' ', (size_t)pad);
    hdr[len + pad] = '\n';
    len += pad + 1;
    unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                             (unsigned char)(len & 0xff), (unsigned char)(len >> 8)};
    io_out o;
    int rc = io_out_open(&o, path, e);
    if (rc) return rc;
    fwrite(pre, 1, 10, o.f);
    fwrite(hdr, 1, (size_t)len, o.f);
    fwrite(A, sizeof(double), (size_t)rows * (size_t)cols, o.f);
    return io_out_commit(&o, e);
}

int data_read_npy(const char *path, double **A, long *rows, long *cols, nc_err *e)
{
    *A = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) return nc_fail(e, NC_EINPUT, "%s: %s", path, strerror(errno));
    unsigned char pre[10];
    char hdr[65536];
    int rc = NC_OK;
    size_t got = fread(pre, 1, 10, f);
    if (got == 0) { rc = nc_fail(e, NC_EINPUT, "%s: empty file", path); goto done; }
    if (got != 10 || memcmp(pre, "\x93NUMPY", 6) != 0 || pre[6] != 1) {
        rc = nc_fail(e, NC_EINPUT, "%s: not a version 1 .npy file", path);
        goto done;
    }
    size_t hl = pre[8] | (size_t)pre[9] << 8;
    if (fread(hdr, 1, hl, f) != hl) { rc = nc_fail(e, NC_EINPUT, "%s: truncated .npy header", path); goto done; }
    hdr[hl] = 0;
    if (!strstr(hdr, "'descr': '<f8'") || !strstr(hdr, "'fortran_order': False")) {
        rc = nc_fail(e, NC_EINPUT, "%s: only little-endian float64 C-order .npy is read", path);
        goto done;
    }
    char *sh = strstr(hdr, "'shape': (");
    long r = 0, c = 1;
    int k = sh ? sscanf(sh, "'shape': (%ld, %ld)", &r, &c) : 0;
    if (k < 1 || r < 0 || c < 1) { rc = nc_fail(e, NC_EINPUT, "%s: bad .npy shape", path); goto done; }
    if (k == 1) c = 1;
    if ((size_t)c > SIZE_MAX / sizeof(double) / ((size_t)r + 1)) { rc = nc_fail(e, NC_EINPUT, "%s: .npy shape overflows size_t", path); goto done; }
    double *a = malloc((size_t)r * (size_t)c * sizeof *a + 1);
    if (!a) { rc = nc_fail(e, NC_ENOMEM, "%s: out of memory", path); goto done; }
    if (fread(a, sizeof *a, (size_t)r * (size_t)c, f) != (size_t)r * (size_t)c) {
        free(a);
        rc = nc_fail(e, NC_EINPUT, "%s: truncated .npy data", path);
        goto done;
    }
    *A = a; *rows = r; *cols = c;
done:
    fclose(f);
    return rc;
}

/* ---- selection ---- */

int data_select_pair(nc_data *ds, double a, double b, const char *name, nc_err *e)
{
    if (a == b) return nc_fail(e, NC_EINPUT, "%s: class pair %g/%g names one class twice", name, a, b);
    long na = 0, nb = 0, k = 0;
    for (long i = 0; i < ds->n; i++) {
        na += ds->y[i] == a;
        nb += ds->y[i] == b;
    }
    if (na == 0 || nb == 0)
        return nc_fail(e, NC_EINPUT, "%s: class %g is absent from the data", name, na == 0 ? a : b);
    for (long i = 0; i < ds->n; i++) {
        if (ds->y[i] != a && ds->y[i] != b) continue;
        double lab = ds->y[i] == a ? -1.0 : 1.0;
        memmove(ds->X + k * ds->d, ds->X + i * ds->d, (size_t)ds->d * sizeof(double));
        ds->y[k++] = lab;
    }
    ds->n = k;
    /* give back the rows dropped (MNIST: 47 of 60 thousand images) */
    double *X = realloc(ds->X, (size_t)k * (size_t)ds->d * sizeof(double) + 1);
    double *y = realloc(ds->y, (size_t)k * sizeof(double) + 1);
    if (X) ds->X = X;
    if (y) ds->y = y;
    return NC_OK;
}

/* ---- specs ---- */

#ifndef NTKCERT_SOURCE_DIR
#define NTKCERT_SOURCE_DIR "."
#endif

/* Finds an MNIST file NAME or NAME.gz in the search path; path gets the result. */
static int mnist_path(const char *name, char *path, size_t cap, nc_err *e)
{
    const char *env = getenv("NTKCERT_MNIST_DIR");
    const char *dirs[3] = {env && *env ? env : NULL, env && *env ? NULL : "data/mnist",
                           env && *env ? NULL : NTKCERT_SOURCE_DIR "/data/mnist"};
    struct stat st;
    for (int i = 0; i < 3; i++) {
        if (!dirs[i]) continue;
        for (int gz = 0; gz < 2; gz++) {
            snprintf(path, cap, "%s/%s%s", dirs[i], name, gz ? ".gz" : "");
            if (stat(path, &st) == 0) return NC_OK;
        }
    }
    return nc_fail(e, NC_EINPUT, "%s/%s: MNIST file not found (run scripts/fetch-mnist or set NTKCERT_MNIST_DIR)",
                   env && *env ? env : "data/mnist", name);
}

typedef struct {
    char kind[16];
    char file1[4096], file2[4096];
    int has_pair, label_last, header;
    double ca, cb, scale;
    long n, d;
} spec_t;

static int parse_double(const char *s, double *x)
{
    char *end;
    *x = strtod(s, &end);
    return end == s || *end || !isfinite(*x);
}

static int parse_long(const char *s, long *x)
{
    char *end;
    errno = 0;
    *x = strtol(s, &end, 10);
    return end == s || *end || errno;
}

static int parse_spec(const char *spec, spec_t *sp, nc_err *e)
{
    memset(sp, 0, sizeof *sp);
    sp->scale = 1.0;
    const char *colon = strchr(spec, ':');
    size_t kl = colon ? (size_t)(colon - spec) : strlen(spec);
    if (kl == 0 || kl >= sizeof sp->kind)
        return nc_fail(e, NC_EINPUT, "%s: bad data spec (KIND:ARGS, see 'ntkcert help data')", spec);
    memcpy(sp->kind, spec, kl);
    int mnist = !strcmp(sp->kind, "mnist-train") || !strcmp(sp->kind, "mnist-test");
    int nfiles = !strcmp(sp->kind, "idx") ? 2 : (!strcmp(sp->kind, "npy") ? -2 : 1);
    if (!mnist && strcmp(sp->kind, "idx") && strcmp(sp->kind, "csv") &&
        strcmp(sp->kind, "libsvm") && strcmp(sp->kind, "npy"))
        return nc_fail(e, NC_EINPUT, "%s: unknown data kind '%s' (mnist-train, mnist-test, idx, csv, libsvm, npy)",
                       spec, sp->kind);
    char rest[8192];
    snprintf(rest, sizeof rest, "%s", colon ? colon + 1 : "");
    if (!mnist && !*rest) return nc_fail(e, NC_EINPUT, "%s: %s needs a file name", spec, sp->kind);
    int pos = 0, ndig = 0;
    char *save = NULL;
    for (char *tok = strtok_r(rest, ",", &save); tok; tok = strtok_r(NULL, ",", &save), pos++) {
        char *eq = strchr(tok, '=');
        if (mnist && pos < 2 && !eq) {
            double v;
            if (parse_double(tok, &v) || v != floor(v) || v < 0 || v > 9)
                return nc_fail(e, NC_EINPUT, "%s: '%s' is not a digit 0-9", spec, tok);
            if (pos == 0) sp->ca = v; else sp->cb = v;
            sp->has_pair = ++ndig == 2;
            continue;
        }
        if (!mnist && pos < (nfiles < 0 ? -nfiles : nfiles) && !eq) {
            snprintf(pos == 0 ? sp->file1 : sp->file2, sizeof sp->file1, "%s", tok);
            continue;
        }
        if (eq) *eq = 0;
        const char *val = eq ? eq + 1 : NULL;
        if (!strcmp(tok, "header") && !val) { sp->header = 1; continue; }
        if (!val) return nc_fail(e, NC_EINPUT, "%s: unknown option '%s'", spec, tok);
        if (!strcmp(tok, "classes")) {
            char *slash = strchr(val, '/');
            if (!slash) return nc_fail(e, NC_EINPUT, "%s: classes=A/B expected", spec);
            *slash = 0;
            if (parse_double(val, &sp->ca) || parse_double(slash + 1, &sp->cb))
                return nc_fail(e, NC_EINPUT, "%s: classes=A/B needs two numbers", spec);
            sp->has_pair = 1;
        } else if (!strcmp(tok, "n")) {
            if (parse_long(val, &sp->n) || sp->n < 1) return nc_fail(e, NC_EINPUT, "%s: n=%s is not a positive integer", spec, val);
        } else if (!strcmp(tok, "d")) {
            if (parse_long(val, &sp->d) || sp->d < 1) return nc_fail(e, NC_EINPUT, "%s: d=%s is not a positive integer", spec, val);
        } else if (!strcmp(tok, "scale")) {
            if (parse_double(val, &sp->scale) || sp->scale == 0) return nc_fail(e, NC_EINPUT, "%s: scale=%s is not a nonzero number", spec, val);
        } else if (!strcmp(tok, "label")) {
            if (!strcmp(val, "last")) sp->label_last = 1;
            else if (strcmp(val, "first")) return nc_fail(e, NC_EINPUT, "%s: label=first or label=last", spec);
        } else {
            return nc_fail(e, NC_EINPUT, "%s: unknown option '%s'", spec, tok);
        }
    }
    if (mnist && ndig == 1)
        return nc_fail(e, NC_EINPUT, "%s: MNIST needs two digits A,B", spec);
    if (nfiles == 2 && !sp->file2[0]) return nc_fail(e, NC_EINPUT, "%s: idx:IMAGES,LABELS expected", spec);
    return NC_OK;
}

int data_load(const char *spec, nc_data *out, nc_err *e)
{
    memset(out, 0, sizeof *out);
    spec_t sp;
    int rc = parse_spec(spec, &sp, e);
    if (rc) return rc;
    if (!strncmp(sp.kind, "mnist-", 6)) {
        int train = !strcmp(sp.kind, "mnist-train");
        char img[4096], lab[4096];
        if ((rc = mnist_path(train ? "train-images-idx3-ubyte" : "t10k-images-idx3-ubyte", img, sizeof img, e)) ||
            (rc = mnist_path(train ? "train-labels-idx1-ubyte" : "t10k-labels-idx1-ubyte", lab, sizeof lab, e)))
            return rc;
        rc = data_read_idx(img, lab, out, e);
    } else if (!strcmp(sp.kind, "idx")) {
        rc = data_read_idx(sp.file1, sp.file2, out, e);
    } else if (!strcmp(sp.kind, "csv")) {
        rc = data_read_csv(sp.file1, sp.label_last, sp.header, out, e);
    } else if (!strcmp(sp.kind, "libsvm")) {
        rc = data_read_libsvm(sp.file1, sp.d, out, e);
    } else { /* npy */
        long r, c, ry = 0, cy = 0;
        double *y = NULL;
        if ((rc = data_read_npy(sp.file1, &out->X, &r, &c, e))) return rc;
        if (sp.file2[0]) {
            if ((rc = data_read_npy(sp.file2, &y, &ry, &cy, e))) { data_free(out); return rc; }
            if (ry != r || cy != 1) {
                free(y); data_free(out);
                return nc_fail(e, NC_EINPUT, "%s: %ld labels for %ld rows of %s", sp.file2, ry * cy, r, sp.file1);
            }
        } else if (!(y = calloc((size_t)r + 1, sizeof *y))) {
            data_free(out);
            return nc_fail(e, NC_ENOMEM, "%s: out of memory", sp.file1);
        }
        for (long i = 0; i < r * c; i++)
            if (!isfinite(out->X[i])) {
                free(y); data_free(out);
                return nc_fail(e, NC_EINPUT, "%s: value %ld is NaN or infinite", sp.file1, i);
            }
        out->y = y; out->n = r; out->d = c;
        if (r == 0) { data_free(out); return nc_fail(e, NC_EINPUT, "%s: no samples", sp.file1); }
    }
    if (rc) return rc;
    if (sp.scale != 1.0)
        for (long i = 0; i < out->n * out->d; i++) out->X[i] /= sp.scale;
    const char *name = sp.file2[0] ? sp.file2 : (sp.file1[0] ? sp.file1 : spec); /* the labels */
    char labels[4096];
    if (!strncmp(sp.kind, "mnist-", 6) &&
        !mnist_path(!strcmp(sp.kind, "mnist-train") ? "train-labels-idx1-ubyte" : "t10k-labels-idx1-ubyte",
                    labels, sizeof labels, NULL))
        name = labels;
    if (sp.has_pair && (rc = data_select_pair(out, sp.ca, sp.cb, name, e))) { data_free(out); return rc; }
    if (sp.n > 0 && sp.n < out->n) out->n = sp.n;
    return NC_OK;
}

int data_subset(const nc_data *ds, const long *idx, long k, nc_data *out, nc_err *e)
{
    memset(out, 0, sizeof *out);
    out->X = malloc((size_t)k * (size_t)ds->d * sizeof *out->X + 1);
    out->y = malloc((size_t)k * sizeof *out->y + 1);
    if (!out->X || !out->y) {
        data_free(out);
        return nc_fail(e, NC_ENOMEM, "out of memory for %ld samples", k);
    }
    out->n = k;
    out->d = ds->d;
    for (long i = 0; i < k; i++) {
        memcpy(out->X + (size_t)i * (size_t)ds->d, ds->X + (size_t)idx[i] * (size_t)ds->d, (size_t)ds->d * sizeof *out->X);
        out->y[i] = ds->y[idx[i]];
    }
    return NC_OK;
}
