/* Finite networks (nn.h): gradients in the weights and in the input against
 * finite differences, training
 * lowers the objective and is deterministic, network files round-trip and
 * refuse damage and the wrong kind, shapes that cannot fit are refused
 * before anything is allocated. */
#include "ntkcert/km.h"
#include "ntkcert/nn.h"
#include "ntkcert/rng.h"
#include "tap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* sum_k dl[k] f(x_k) */
static double weighted(const nn_net *net, const double *X, long n, const double *dl)
{
    double s = 0;
    for (long k = 0; k < n; k++) s += dl[k] * nn_forward(net, X + k * net->d);
    return s;
}

static void test_gradient(int depth, long N)
{
    enum { D = 7, M = 9 };
    nn_net net;
    nc_err e;
    double *X = malloc(sizeof(double) * (size_t)(N * D)), *dl = malloc(sizeof(double) * (size_t)N);
    rng_t r;
    rng_seed(&r, 11);
    for (int i = 0; i < N * D; i++) X[i] = rng_normal(&r);
    for (int k = 0; k < N; k++) dl[k] = rng_normal(&r);
    nn_init(&net, D, depth, M, 3, &e);
    nn_net G;
    int rc = nn_gradient(&net, X, N, dl, &G, &e);
    /* central differences at every weight; ReLU kinks are met with
     * probability 0 at step 1e-6 */
    double worst = 0;
    const double h = 1e-6;
    for (int l = 0; l <= depth && !rc; l++) {
        double *w = l < depth ? net.W[l] : net.v, *g = l < depth ? G.W[l] : G.v;
        long cnt = l == depth ? M : (long)M * (l ? M : D);
        for (long i = 0; i < cnt; i++) {
            double w0 = w[i];
            w[i] = w0 + h;
            double fp = weighted(&net, X, N, dl);
            w[i] = w0 - h;
            double fm = weighted(&net, X, N, dl);
            w[i] = w0;
            double fd = (fp - fm) / (2 * h), err = fabs(fd - g[i]) / (1 + fabs(fd));
            if (err > worst) worst = err;
        }
    }
    tap_ok(!rc && worst < 1e-6,
           "depth %d, %ld points: backpropagated gradient matches central differences at every weight (worst relative error %.2g)",
           depth, N, worst);
    nn_free(&G);
    nn_free(&net);
    free(X);
    free(dl);
}

/* Two Gaussian blobs in d = 10, labels -1/+1. */
static void blobs(nc_data *ds, long n, uint64_t seed)
{
    ds->n = n;
    ds->d = 10;
    ds->X = malloc((size_t)(n * ds->d) * sizeof(double));
    ds->y = malloc((size_t)n * sizeof(double));
    rng_t r;
    rng_seed(&r, seed);
    for (long i = 0; i < n; i++) {
        ds->y[i] = i % 2 ? 1 : -1;
        for (long k = 0; k < ds->d; k++) ds->X[i * ds->d + k] = rng_normal(&r) + (k < 3 ? 1.5 * ds->y[i] : 0);
    }
}

/* One full-batch step on 600 points (three blocks, accumulated before the
 * update) is w - lr (gradient of the loss + lambda v on v). */
static void test_full_step(void)
{
    nc_data ds;
    blobs(&ds, 600, 9);
    nn_spec s = nn_spec_default();
    s.width = 32;
    s.depth = 2;
    s.epochs = 1;
    s.batch = 0;
    s.lambda = 0.5;
    nn_model m;
    nn_net w0, G;
    nc_err e;
    int rc = nn_train(&m, &s, &ds, &e) | nn_init(&w0, ds.d, 2, 32, s.seed, &e);
    double *dl = malloc(600 * sizeof *dl);
    for (long i = 0; i < 600; i++) dl[i] = loss_deriv(&s.loss, nn_forward(&w0, ds.X + i * ds.d), ds.y[i]);
    rc |= nn_gradient(&w0, ds.X, 600, dl, &G, &e);
    double worst = 0;
    for (int l = 0; l <= 2 && !rc; l++) {
        long cnt = l == 2 ? 32 : 32L * (l ? 32 : ds.d);
        const double *a = l < 2 ? w0.W[l] : w0.v, *g = l < 2 ? G.W[l] : G.v, *b = l < 2 ? m.net.W[l] : m.net.v;
        for (long i = 0; i < cnt; i++) {
            double want = a[i] - s.lr * (g[i] + (l == 2 ? s.lambda * a[i] : 0));
            worst = fmax(worst, fabs(want - b[i]) / (1 + fabs(want)));
        }
    }
    tap_ok(!rc && m.steps == 1 && worst < 1e-12, "a full-batch step over three blocks is w - lr (grad + lambda v) (worst %.2g)", worst);
    free(dl);
    nn_free(&G);
    nn_free(&w0);
    nn_model_free(&m);
    data_free(&ds);
}

static void test_training(void)
{
    nc_data ds;
    blobs(&ds, 200, 5);
    nn_spec s = nn_spec_default();
    s.width = 64;
    s.epochs = 0;
    nn_model m0, m1, m2, mf;
    nc_err e;
    int rc = nn_train(&m0, &s, &ds, &e);
    s.epochs = 5;
    s.batch = 16;
    rc |= nn_train(&m1, &s, &ds, &e) | nn_train(&m2, &s, &ds, &e);
    tap_ok(!rc && m1.objective < 0.5 * m0.objective, "5 epochs of SGD lower the objective of Eq. (7) from %.4g to %.4g",
           m0.objective, m1.objective);
    int same = !rc && !memcmp(m1.net.v, m2.net.v, sizeof(double) * 64) &&
               !memcmp(m1.net.W[0], m2.net.W[0], sizeof(double) * 64 * 10);
    tap_ok(same, "the same seed trains bit-identical weights");
    s.batch = 0;
    s.epochs = 20;
    s.lr = 0.01;
    s.centered = 1;
    rc = nn_train(&mf, &s, &ds, &e);
    double out[200];
    rc |= nn_predict(&mf, ds.X, 1, ds.d, out, &e);
    nn_model mz;
    s.epochs = 0;
    rc |= nn_train(&mz, &s, &ds, &e);
    double z[200];
    rc |= nn_predict(&mz, ds.X, 200, ds.d, z, &e);
    double zmax = 0;
    for (int i = 0; i < 200; i++) zmax = fmax(zmax, fabs(z[i]));
    tap_ok(!rc && zmax == 0, "a centred network outputs exactly 0 before training (f_0 = 0)");
    tap_ok(!rc && mf.objective < mz.objective, "full-batch subgradient descent on the centred network lowers the objective (%.4g -> %.4g)",
           mz.objective, mf.objective);

    /* files */
    char dir[] = "/tmp/ntkcert-nn-XXXXXX", path[256], bad[256];
    if (!mkdtemp(dir)) { tap_ok(0, "temporary directory"); return; }
    snprintf(path, sizeof path, "%s/net.model", dir);
    snprintf(bad, sizeof bad, "%s/bad.model", dir);
    nn_model back;
    rc = nn_save(&mf, path, &e) || nn_load(&back, path, &e);
    double a[200], b[200];
    int eq = !rc && !nn_predict(&mf, ds.X, 200, ds.d, a, &e) && !nn_predict(&back, ds.X, 200, ds.d, b, &e) &&
             !memcmp(a, b, sizeof a) && back.spec.centered && back.spec.width == 64 && back.n_train == 200;
    tap_ok(eq, "a centred network file round-trips bit-exactly");
    /* damage one weight byte */
    FILE *f = fopen(path, "rb"), *g = fopen(bad, "wb");
    int c, i = 0;
    while ((c = fgetc(f)) != EOF) { fputc(i == 900 ? c ^ 1 : c, g); i++; }
    fclose(f);
    fclose(g);
    nn_model x;
    rc = nn_load(&x, bad, &e);
    tap_ok(rc == NC_EINPUT && strstr(e.msg, "checksum"), "a damaged network file is refused: %s", e.msg);
    if (truncate(bad, 2000)) tap_diag("truncate failed");
    rc = nn_load(&x, bad, &e);
    tap_ok(rc == NC_EINPUT && strstr(e.msg, "truncated"), "a truncated network file is refused: %s", e.msg);
    km_model km;
    rc = km_load(&km, path, &e);
    tap_ok(rc == NC_EINPUT && strstr(e.msg, "network file"), "km_load names a network file: %s", e.msg);
    nn_model_free(&back);
    nn_model_free(&m0);
    nn_model_free(&m1);
    nn_model_free(&m2);
    nn_model_free(&mf);
    nn_model_free(&mz);
    unlink(path);
    unlink(bad);
    rmdir(dir);
    data_free(&ds);
}

static void test_shapes(void)
{
    nn_spec s = nn_spec_default();
    nc_err e;
    s.width = 0;
    int rc = nn_check(&s, 784, &e);
    tap_ok(rc == NC_EINPUT && strstr(e.msg, "width 0"), "width 0 is refused: %s", e.msg);
    s.width = 2000000000; /* d = 1, centred: 32 GB of weights */
    s.centered = 1;
    rc = nn_check(&s, 1, &e);
    tap_ok(rc == NC_EINPUT && strstr(e.msg, "GB"), "a width whose weights cannot fit is refused before allocation: %s", e.msg);
    s.width = 100000;
    s.depth = 2;
    s.centered = 0;
    rc = nn_check(&s, 784, &e);
    tap_ok(rc == NC_EINPUT, "a 10^5 x 10^5 hidden layer is refused: %s", e.msg);
}

/* The batched input gradient: each row's f and d f / d x against nn_forward
 * and central differences in every coordinate. */
static void test_input_gradient(int depth)
{
    enum { D = 6, M = 11, N = 4 };
    nn_net net;
    nc_err e;
    double X[N * D], F[N], G[N * D];
    rng_t r;
    rng_seed(&r, 17);
    for (int i = 0; i < N * D; i++) X[i] = rng_normal(&r);
    nn_init(&net, D, depth, M, 5, &e);
    int rc = nn_input_gradient(&net, X, N, F, G, &e);
    double worst = 0, fworst = 0;
    const double h = 1e-6;
    for (int k = 0; k < N && !rc; k++) {
        double *x = X + k * D;
        fworst = fmax(fworst, fabs(F[k] - nn_forward(&net, x)));
        for (int j = 0; j < D; j++) {
            double x0 = x[j];
            x[j] = x0 + h;
            double fp = nn_forward(&net, x);
            x[j] = x0 - h;
            double fm = nn_forward(&net, x);
            x[j] = x0;
            double fd = (fp - fm) / (2 * h);
            worst = fmax(worst, fabs(fd - G[k * D + j]) / (1 + fabs(fd)));
        }
    }
    tap_ok(!rc && fworst < 1e-12 && worst < 1e-6,
           "depth %d, %d points at once: f matches nn_forward (%.2g), d f / d x matches central differences (worst relative "
           "error %.2g)",
           depth, N, fworst, worst);
    nn_free(&net);
}

int main(void)
{
    test_gradient(1, 5);
    test_gradient(3, 5);
    test_gradient(2, 600); /* three blocks of rows */
    test_input_gradient(1);
    test_input_gradient(3);
    test_full_step();
    test_training();
    test_shapes();
    return tap_done();
}
