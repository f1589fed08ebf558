/* Data loaders: round trips through IDX (raw and gzip), CSV, LIBSVM and NPY,
 * dataset specs and class pairs, and errors that name the file. */
#include "ntkcert/data.h"
#include "ntkcert/io.h"
#include "tap.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

static char dir[] = "/tmp/ntkcert-t-data-XXXXXX";
static char path[512];

static const char *at(const char *name)
{
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static void put(const char *name, const void *buf, size_t len)
{
    FILE *f = fopen(at(name), "wb");
    fwrite(buf, 1, len, f);
    fclose(f);
}

static void put_text(const char *name, const char *s) { put(name, s, strlen(s)); }

/* IDX file of n ubyte images of r x c (or labels when r == 0). */
static void put_idx(const char *name, int gz, long n, int r, int c, const unsigned char *v)
{
    unsigned char h[16] = {0, 0, 8, (unsigned char)(r ? 3 : 1)};
    int hl = r ? 16 : 8;
    uint32_t dims[3] = {(uint32_t)n, (uint32_t)r, (uint32_t)c};
    for (int i = 0; i < (r ? 3 : 1); i++)
        for (int b = 0; b < 4; b++) h[4 + 4 * i + b] = (unsigned char)(dims[i] >> (24 - 8 * b));
    size_t len = (size_t)n * (r ? (size_t)r * c : 1);
    if (gz) {
        gzFile g = gzopen(at(name), "wb");
        gzwrite(g, h, (unsigned)hl);
        gzwrite(g, v, (unsigned)len);
        gzclose(g);
    } else {
        unsigned char *b = malloc(hl + len);
        memcpy(b, h, hl);
        memcpy(b + hl, v, len);
        put(name, b, hl + len);
        free(b);
    }
}

static void test_idx(void)
{
    enum { N = 6, R = 3, C = 2 };
    unsigned char img[N * R * C], lab[N] = {0, 1, 2, 1, 0, 7};
    for (int i = 0; i < N * R * C; i++) img[i] = (unsigned char)(i * 7 % 256);
    put_idx("img", 0, N, R, C, img);
    put_idx("lab", 0, N, 0, 0, lab);
    put_idx("img.gz", 1, N, R, C, img);
    put_idx("lab.gz", 1, N, 0, 0, lab);
    for (int gz = 0; gz < 2; gz++) {
        nc_data ds;
        nc_err e;
        char imgp[512];
        snprintf(imgp, sizeof imgp, "%s/img%s", dir, gz ? ".gz" : "");
        int rc = data_read_idx(imgp, at(gz ? "lab.gz" : "lab"), &ds, &e);
        int same = rc == 0 && ds.n == N && ds.d == R * C;
        for (int i = 0; same && i < N * R * C; i++) same &= ds.X[i] == img[i] / 255.0;
        for (int i = 0; same && i < N; i++) same &= ds.y[i] == lab[i];
        ok(same, "IDX %s round trip: %d images of %dx%d scaled to [0,1], labels", gz ? "gzip" : "raw", N, R, C);
        data_free(&ds);
    }
    /* a spec with a class pair and n= */
    char spec[1024];
    nc_data ds;
    nc_err e;
    snprintf(spec, sizeof spec, "idx:%s/img,%s/lab,classes=1/0,n=3", dir, dir);
    int rc = data_load(spec, &ds, &e);
    ok(rc == 0 && ds.n == 3 && ds.y[0] == 1 && ds.y[1] == -1 && ds.y[2] == -1 && ds.X[0] == img[0] / 255.0 &&
       ds.X[R * C] == img[R * C] / 255.0 && ds.X[2 * R * C] == img[3 * R * C] / 255.0,
       "idx spec with classes=1/0 keeps classes 1 (-1) and 0 (+1) in order, n=3 keeps three");
    data_free(&ds);
    /* MNIST specs through NTKCERT_MNIST_DIR */
    put_idx("train-images-idx3-ubyte", 0, N, R, C, img);
    put_idx("train-labels-idx1-ubyte.gz", 1, N, 0, 0, lab);
    setenv("NTKCERT_MNIST_DIR", dir, 1);
    rc = data_load("mnist-train:0,1", &ds, &e);
    ok(rc == 0 && ds.n == 4 && ds.y[0] == -1 && ds.y[1] == 1 && ds.y[3] == -1,
       "mnist-train:0,1 reads NTKCERT_MNIST_DIR (raw and .gz), first digit -> -1");
    data_free(&ds);
    rc = data_load("mnist-train:3,4", &ds, &e);
    ok(rc == NC_EINPUT && strstr(e.msg, "absent"), "an absent class pair is an error: %s", e.msg);
    rc = data_load("mnist-test:0,1", &ds, &e);
    ok(rc == NC_EINPUT && strstr(e.msg, "t10k-images"), "missing MNIST files are named: %s", e.msg);
    unsetenv("NTKCERT_MNIST_DIR");
}

static void test_text(void)
{
    nc_data ds;
    nc_err e;
    put_text("a.csv", "1,0.5,2\n-1, 3e-1 ,4\n\n2,5,6\n");
    int rc = data_load(strcat(strcpy((char[1024]){0}, "csv:"), at("a.csv")), &ds, &e);
    ok(rc == 0 && ds.n == 3 && ds.d == 2 && ds.y[1] == -1 && ds.X[2] == 0.3 && ds.X[5] == 6,
       "CSV, label first, blank line skipped");
    data_free(&ds);
    put_text("b.csv", "x,y,label\n0.5,2,1\n3,4,-1\n");
    char spec[1024];
    snprintf(spec, sizeof spec, "csv:%s,label=last,header,scale=2", at("b.csv"));
    rc = data_load(spec, &ds, &e);
    ok(rc == 0 && ds.n == 2 && ds.y[0] == 1 && ds.y[1] == -1 && ds.X[0] == 0.25 && ds.X[3] == 2,
       "CSV with header, label last, scale=2");
    data_free(&ds);
    put_text("c.svm", "+1 1:0.5 3:2 # comment\n-1 2:1.5\n\n1 4:-1\n");
    snprintf(spec, sizeof spec, "libsvm:%s", at("c.svm"));
    rc = data_load(spec, &ds, &e);
    ok(rc == 0 && ds.n == 3 && ds.d == 4 && ds.X[0] == 0.5 && ds.X[1] == 0 && ds.X[2] == 2 && ds.X[5] == 1.5 &&
       ds.X[11] == -1 && ds.y[1] == -1, "LIBSVM sparse rows, d from the largest index");
    data_free(&ds);
    snprintf(spec, sizeof spec, "libsvm:%s,d=6", at("c.svm"));
    rc = data_load(spec, &ds, &e);
    ok(rc == 0 && ds.d == 6, "LIBSVM with d=6");
    data_free(&ds);
    snprintf(spec, sizeof spec, "libsvm:%s,d=3", at("c.svm"));
    ok(data_load(spec, &ds, &e) == NC_EINPUT && strstr(e.msg, "exceeds"), "LIBSVM index beyond d=3: %s", e.msg);

    struct { const char *name, *text, *expect; } bad[] = {
        {"nan.csv", "1,2,nan\n", "NaN"}, {"inf.csv", "1,inf,2\n", "NaN or infinite"},
        {"rag.csv", "1,2,3\n1,2\n", "ragged"}, {"empty.csv", "", "empty"},
        {"word.csv", "1,abc\n", "not a number"}, {"one.csv", "1\n", "at least one feature"},
        {"idx.svm", "1 0:3\n", "index"}, {"ord.svm", "1 3:1 2:1\n", "increasing"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        put_text(bad[i].name, bad[i].text);
        snprintf(spec, sizeof spec, "%s:%s", strstr(bad[i].name, ".csv") ? "csv" : "libsvm", at(bad[i].name));
        rc = data_load(spec, &ds, &e);
        ok(rc == NC_EINPUT && strstr(e.msg, bad[i].expect) && strstr(e.msg, bad[i].name),
           "%s refused: %s", bad[i].name, e.msg);
    }
    const char *specs[] = {"foo:x", "csv:", "mnist-train:1", "mnist-train:0,12", "csv:a,bogus=1", "idx:onlyone"};
    for (size_t i = 0; i < sizeof specs / sizeof *specs; i++)
        ok(data_load(specs[i], &ds, &e) == NC_EINPUT, "bad spec '%s': %s", specs[i], e.msg);
}

static void test_npy(void)
{
    double A[6] = {1.5, -2, 3e-300, 4, 5, 6.25}, *B = NULL;
    long r = 0, c = 0;
    nc_err e;
    int rc = data_write_npy(at("a.npy"), A, 2, 3, &e);
    rc |= data_read_npy(at("a.npy"), &B, &r, &c, &e);
    ok(rc == 0 && r == 2 && c == 3 && B && memcmp(A, B, sizeof A) == 0, "NPY round trip is bit-exact");
    free(B);
    FILE *f = fopen(at("a.npy"), "rb");
    unsigned char h[10];
    size_t got = fread(h, 1, 10, f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    long hl = h[8] | h[9] << 8;
    ok(got == 10 && (10 + hl) % 64 == 0 && size == 10 + hl + 48, "NPY header is padded to 64 bytes, data follows");
    nc_data ds;
    double y[2] = {1, -1};
    data_write_npy(at("y.npy"), y, 2, 1, &e);
    char spec[1024];
    snprintf(spec, sizeof spec, "npy:%s/a.npy,%s/y.npy", dir, dir);
    rc = data_load(spec, &ds, &e);
    ok(rc == 0 && ds.n == 2 && ds.d == 3 && ds.y[1] == -1 && ds.X[5] == 6.25, "npy:X,Y spec");
    data_free(&ds);
    snprintf(spec, sizeof spec, "%s/no/such/dir/k.npy", dir);
    rc = data_write_npy(spec, A, 2, 3, &e);
    ok(rc != 0 && strstr(e.msg, "no/such/dir/k.npy"), "writing into a missing directory fails, naming the file: %s", e.msg);
}

static void test_temporaries(void)
{
    io_out o;
    nc_err e;
    int rc = io_out_open(&o, at("partial.npy"), &e);
    fputs("half", o.f);
    fflush(o.f);
    int existed = access(o.tmp, F_OK) == 0;
    io_remove_temporaries(); /* what the CLI's signal handler does */
    ok(rc == 0 && existed && access(o.tmp, F_OK) != 0 && access(at("partial.npy"), F_OK) != 0,
       "an interrupted output leaves neither the target nor its temporary");
    fclose(o.f);
}

int main(void)
{
    if (!mkdtemp(dir)) return 1;
    test_idx();
    test_text();
    test_npy();
    test_temporaries();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) tap_diag("could not remove %s", dir);
    return tap_done();
}
