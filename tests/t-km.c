/* Kernel machines: the loss table; each exact solver's optimality checked
 * independently (KKT conditions, duality gap, KRR residual, logistic
 * stationarity) on synthetic data and on the committed MNIST 0/1 fixture;
 * exact and subgradient solutions agree; model files round-trip bit-exactly
 * and every corrupted file is refused. */
#include "ntkcert/km.h"
#include "ntkcert/rng.h"
#include "tap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FIXTURES
#define FIXTURES "tests/fixtures"
#endif

static rng_t R;

/* n points in d dimensions, two Gaussian blobs; labels -1/+1 (or a smooth
 * regression target when regression). */
static nc_data synth(long n, long d, int regression, uint64_t seed)
{
    nc_data ds;
    rng_seed(&R, seed);
    ds.n = n;
    ds.d = d;
    ds.X = malloc((size_t)(n * d) * sizeof(double));
    ds.y = malloc((size_t)n * sizeof(double));
    for (long i = 0; i < n; i++) {
        double c = i % 2 ? 1.0 : -1.0, t = 0;
        for (long k = 0; k < d; k++) {
            ds.X[i * d + k] = 0.6 * c * (k == 0) + rng_normal(&R) * 0.8 + 0.3;
            t += sin(ds.X[i * d + k]);
        }
        ds.y[i] = regression ? t / (double)d : (rng_uniform(&R) < 0.93 ? c : -c);
    }
    return ds;
}

static double *gram(const km_spec *s, const nc_data *ds)
{
    nc_err e;
    return km_gram(s, ds, &e);
}

/* Scores of the model on its training set. */
static double *scores(const km_model *m, const nc_data *ds)
{
    double *z = malloc((size_t)ds->n * sizeof *z);
    nc_err e;
    km_predict(m, ds->X, ds->n, ds->d, z, &e);
    return z;
}

/* The model's alpha for each training point (0 where it was dropped). */
static double *full_alpha(const km_model *m, const nc_data *ds)
{
    double *a = calloc((size_t)ds->n, sizeof *a);
    for (long j = 0, i = 0; j < m->n; j++) {
        while (memcmp(ds->X + i * ds->d, m->X + j * ds->d, (size_t)ds->d * sizeof(double))) i++;
        a[i++] = m->alpha[j];
    }
    return a;
}

static void test_loss(void)
{
    const loss_kind kinds[] = {LOSS_HINGE, LOSS_HINGE2, LOSS_EPS, LOSS_SQUARED, LOSS_LOGISTIC};
    int bad = 0;
    for (int k = 0; k < 5; k++) {
        loss_t l = {kinds[k], 0.3};
        for (int t = 0; t < 2000; t++) {
            double z = 6 * rng_uniform(&R) - 3, y = k == 2 || k == 3 ? rng_normal(&R) : (t % 2 ? 1 : -1), h = 1e-6;
            double fd = (loss_value(&l, z + h, y) - loss_value(&l, z - h, y)) / (2 * h), dv = loss_deriv(&l, z, y);
            double lo = fmin(loss_deriv(&l, z - h, y), loss_deriv(&l, z + h, y)) - 1e-6;
            double hi = fmax(loss_deriv(&l, z - h, y), loss_deriv(&l, z + h, y)) + 1e-6;
            bad += !(fabs(fd - dv) < 1e-5 || (dv >= lo && dv <= hi)); /* smooth, or a subgradient at a kink */
            bad += !(loss_value(&l, z, y) >= 0);
        }
    }
    ok(bad == 0, "every loss is >= 0 and its derivative matches finite differences (a subgradient at kinks)");
    loss_t h = {LOSS_HINGE, 0};
    ok(loss_deriv(&h, 1.0, 1.0) == 0 && loss_deriv(&h, 0.5, 1.0) == -1 && loss_value(&h, -1, 1) == 2,
       "hinge: l'(yz = 1) = 0, l'(yz < 1) = -y, l(-1, 1) = 2");
    loss_t lg = {LOSS_LOGISTIC, 0};
    ok(fabs(loss_value(&lg, -800, 1) - 800) < 1e-9 && loss_value(&lg, 800, 1) < 1e-300 + 1e-320,
       "logistic loss does not overflow at |z| = 800");
    nc_err e;
    loss_kind k;
    ok(loss_parse("hinge2", &k, &e) == 0 && k == LOSS_HINGE2 && loss_parse("bogus", &k, &e) == NC_EINPUT,
       "loss names parse; unknown ones are refused");
}

/* KKT of the dual solvers: with G_i = y_i z_i - 1 (hinge), gamma = y alpha. */
static void check_svm(const char *what, const km_spec *s, const nc_data *ds)
{
    nc_err e;
    double *K = gram(s, ds);
    km_model m;
    int rc = km_train(&m, s, ds, K, &e);
    free(K);
    if (!ok(rc == 0, "%s trains (%s)", what, rc ? e.msg : "ok")) return;
    double *z = scores(&m, ds), *a = full_alpha(&m, ds), C = 1 / s->lambda, worst = 0;
    for (long i = 0; i < ds->n; i++) {
        double g = ds->y[i] * a[i], G = ds->y[i] * z[i] - 1, v;
        if (s->loss.kind == LOSS_HINGE2) G += g * s->lambda / 2; /* Q has r = 1/(2C) on its diagonal */
        if (g <= 0) v = fmax(0, -G);
        else if (s->loss.kind == LOSS_HINGE && g >= C) v = fmax(0, G);
        else v = fabs(G);
        worst = fmax(worst, v);
        if (g < 0 || (s->loss.kind == LOSS_HINGE && g > C * (1 + 1e-12))) worst = INFINITY;
    }
    ok(worst <= 10 * s->tol, "%s: KKT conditions hold to %.1e (tol %.0e), 0 <= y alpha <= C", what, worst, s->tol);
    ok(m.gap >= -1e-9 * fabs(m.objective) && m.gap <= 1e-4 * fabs(m.objective),
       "%s: duality gap %.2e of objective %.6g", what, m.gap, m.objective);
    free(z);
    free(a);
    km_free(&m);
}

static void test_krr(void)
{
    nc_data ds = synth(120, 6, 1, 11);
    km_spec s = km_spec_default();
    s.loss.kind = LOSS_SQUARED;
    nc_err e;
    for (int t = 0; t < 2; t++) {
        s.lambda = t ? 0.5 : 0.0;
        double *K = gram(&s, &ds), *K0 = gram(&s, &ds);
        km_model m;
        int rc = km_train(&m, &s, &ds, K, &e);
        double *a = full_alpha(&m, &ds), res = 0, ny = 0;
        for (long i = 0; i < ds.n; i++) {
            double r = 0.5 * s.lambda * a[i] - ds.y[i];
            for (long j = 0; j < ds.n; j++) r += K0[i * ds.n + j] * a[j];
            res = fmax(res, fabs(r));
            ny = fmax(ny, fabs(ds.y[i]));
        }
        ok(rc == 0 && res <= 1e-8 * ny, "KRR lambda %g: residual |(K + lambda/2 I) alpha - y| = %.1e", s.lambda, res);
        free(K); free(K0); free(a);
        km_free(&m);
    }
    /* a repeated point makes K singular: lambda = 0 must fail clearly */
    memcpy(ds.X + 6, ds.X, 6 * sizeof(double));
    s.lambda = 0;
    double *K = gram(&s, &ds);
    km_model m;
    int rc = km_train(&m, &s, &ds, K, &e);
    ok(rc == NC_ENUMERIC && strstr(e.msg, "positive definite"), "singular K with lambda = 0 is refused: %s", e.msg);
    free(K);
    data_free(&ds);
}

static void test_logistic(void)
{
    nc_data ds = synth(100, 5, 0, 12);
    km_spec s = km_spec_default();
    s.loss.kind = LOSS_LOGISTIC;
    s.lambda = 0.05;
    s.tol = 1e-9;
    nc_err e;
    double *K = gram(&s, &ds);
    km_model m;
    int rc = km_train(&m, &s, &ds, K, &e);
    double *z = scores(&m, &ds), *a = full_alpha(&m, &ds), worst = 0;
    for (long i = 0; i < ds.n; i++) worst = fmax(worst, fabs(s.lambda * a[i] + loss_deriv(&s.loss, z[i], ds.y[i])));
    ok(rc == 0 && worst < 1e-8, "logistic: stationarity recomputed from the model |lambda alpha + l'(g)| = %.1e after %ld Newton steps", worst,
       m.iterations);
    free(K); free(z); free(a);
    km_free(&m);
    data_free(&ds);
}

/* Exact and subgradient solutions agree: objective within 1e-3, same signs. */
static void test_agree(loss_kind kind, double lambda, double lr, long steps, int pegasos)
{
    nc_data ds = synth(80, 4, kind == LOSS_EPS, 13);
    km_spec s = km_spec_default();
    s.loss.kind = kind;
    s.loss.epsilon = 0.05;
    s.lambda = lambda;
    s.tol = 1e-9;
    nc_err e;
    double *K = gram(&s, &ds);
    km_model ex, sg;
    int rc = km_train(&ex, &s, &ds, K, &e);
    s.solver = KM_SUBGRADIENT;
    s.lr = lr;
    s.steps = steps;
    s.pegasos = pegasos;
    rc |= km_train(&sg, &s, &ds, K, &e);
    double *z1 = scores(&ex, &ds), *z2 = scores(&sg, &ds), diff = 0;
    for (long i = 0; i < ds.n; i++) diff = fmax(diff, fabs(z1[i] - z2[i]));
    double rel = (sg.objective - ex.objective) / ex.objective;
    ok(rc == 0 && rel >= -1e-9 && rel < 2e-3 && diff < 0.05,
       "%s: subgradient (%ld steps, %s steps) objective %.8g vs exact %.8g (rel. %.1e), outputs within %.3f",
       loss_name(kind), steps, pegasos ? "pegasos" : "constant", sg.objective, ex.objective, rel, diff);
    free(K); free(z1); free(z2);
    km_free(&ex);
    km_free(&sg);
    data_free(&ds);
}

static void test_minibatch(void)
{
    nc_data ds = synth(100, 4, 0, 14);
    km_spec s = km_spec_default();
    s.loss.kind = LOSS_HINGE;
    s.lambda = 0.5;
    s.solver = KM_SGD;
    s.lr = 0.002;
    s.steps = 3000;
    s.batch = 10;
    s.seed = 5;
    nc_err e;
    double *K = gram(&s, &ds);
    km_model a, b, ex;
    int rc = km_train(&a, &s, &ds, K, &e) | km_train(&b, &s, &ds, K, &e);
    ok(rc == 0 && a.n == b.n && memcmp(a.alpha, b.alpha, (size_t)a.n * sizeof(double)) == 0,
       "SGD with the same seed is reproducible bit for bit");
    s.solver = KM_EXACT;
    rc = km_train(&ex, &s, &ds, K, &e);
    ok(rc == 0 && a.objective < 1.05 * ex.objective, "SGD (batch 10) reaches within 5%% of the optimum (%.5g vs %.5g)",
       a.objective, ex.objective);
    free(K);
    km_free(&a); km_free(&b); km_free(&ex);
    data_free(&ds);
}

static void test_fixture(void)
{
    nc_data tr, te;
    nc_err e;
    int rc = data_load("idx:" FIXTURES "/mnist01-train300-images-idx3-ubyte.gz,"
                       FIXTURES "/mnist01-train300-labels-idx1-ubyte.gz,classes=0/1", &tr, &e);
    rc |= data_load("idx:" FIXTURES "/mnist01-test100-images-idx3-ubyte.gz,"
                    FIXTURES "/mnist01-test100-labels-idx1-ubyte.gz,classes=0/1", &te, &e);
    if (!ok(rc == 0 && tr.n == 300 && te.n == 100, "the MNIST 0/1 fixture loads (300 + 100 images)")) return;
    km_spec s = km_spec_default();
    s.lambda = 0.064;
    check_svm("MNIST fixture, SVM lambda 0.064", &s, &tr);
    s.intercept = 1;
    check_svm("MNIST fixture, SVM with intercept", &s, &tr);
    s.intercept = 0;
    s.loss.kind = LOSS_HINGE2;
    check_svm("MNIST fixture, 2-norm SVM", &s, &tr);
    s.loss.kind = LOSS_SQUARED;
    s.lambda = 1;
    double *K = gram(&s, &tr);
    km_model m;
    rc = km_train(&m, &s, &tr, K, &e);
    double *z = malloc(100 * sizeof *z);
    long right = 0;
    rc |= km_predict(&m, te.X, te.n, te.d, z, &e);
    for (long i = 0; i < te.n; i++) right += (z[i] > 0) == (te.y[i] > 0);
    ok(rc == 0 && right >= 98, "MNIST fixture, KRR lambda 1: %ld of 100 test images right", right);
    free(K); free(z);

    /* model files */
    char dir[] = "/tmp/ntkcert-t-km-XXXXXX", path[256], bad[256];
    if (!mkdtemp(dir)) return;
    snprintf(path, sizeof path, "%s/m.model", dir);
    km_model l;
    rc = km_save(&m, path, &e) | km_load(&l, path, &e);
    ok(rc == 0 && l.n == m.n && l.d == m.d && l.n_train == 300 && memcmp(l.alpha, m.alpha, (size_t)m.n * 8) == 0 &&
       memcmp(l.X, m.X, (size_t)(m.n * m.d) * 8) == 0 && memcmp(l.data_sha256, m.data_sha256, 32) == 0 &&
       l.spec.lambda == m.spec.lambda && l.spec.loss.kind == m.spec.loss.kind && l.objective == m.objective,
       "model file round trip is bit-exact (alpha, vectors, spec, data SHA-256)");
    FILE *f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc((size_t)size);
    if (fread(buf, 1, (size_t)size, f) != (size_t)size) size = 0;
    fclose(f);
    struct { const char *what, *expect; long len; long flip; } cases[] = {
        {"truncated", "checksum", size / 2, -1}, {"a flipped byte", "checksum", size, size / 2},
        {"a flipped header byte", "checksum", size, 40}, {"empty", "empty", 0, -1}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        snprintf(bad, sizeof bad, "%s/bad%zu.model", dir, c);
        f = fopen(bad, "wb");
        if (cases[c].flip >= 0) buf[cases[c].flip] ^= 0x20;
        fwrite(buf, 1, (size_t)cases[c].len, f);
        if (cases[c].flip >= 0) buf[cases[c].flip] ^= 0x20;
        fclose(f);
        km_model x;
        rc = km_load(&x, bad, &e);
        ok(rc == NC_EINPUT && strstr(e.msg, cases[c].expect) && strstr(e.msg, bad), "%s model file refused: %s",
           cases[c].what, e.msg);
    }
    /* another format version, with a valid checksum */
    snprintf(bad, sizeof bad, "%s/v2.model", dir);
    buf[strlen("NTKCERT-MODEL ")] = '2';
    unsigned char sha[32];
    char hex[65];
    data_sha256_bytes(buf, (size_t)size - 72, sha);
    data_hex(sha, hex);
    memcpy(buf + size - 65, hex, 64);
    f = fopen(bad, "wb");
    fwrite(buf, 1, (size_t)size, f);
    fclose(f);
    km_model x;
    rc = km_load(&x, bad, &e);
    ok(rc == NC_EINPUT && strstr(e.msg, "version 2"), "another format version is refused: %s", e.msg);
    double one[10];
    rc = km_predict(&l, one, 1, 10, one, &e);
    ok(rc == NC_EINPUT && strstr(e.msg, "dimension"), "applying a model to data of another dimension: %s", e.msg);
    free(buf);
    km_free(&l);
    km_free(&m);
    data_free(&tr);
    data_free(&te);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd)) tap_diag("could not remove %s", dir);
}

static void test_sha(void)
{
    unsigned char sha[32];
    char hex[65];
    data_sha256_bytes("abc", 3, sha);
    data_hex(sha, hex);
    ok(!strcmp(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), "SHA-256 of 'abc' (FIPS 180-2)");
}

int main(void)
{
    rng_seed(&R, 3);
    test_loss();
    test_sha();
    test_krr();
    test_logistic();
    nc_data ds = synth(150, 5, 0, 21);
    km_spec s = km_spec_default();
    s.lambda = 0.1;
    s.tol = 1e-8;
    check_svm("synthetic SVM", &s, &ds);
    s.loss.kind = LOSS_HINGE2;
    check_svm("synthetic 2-norm SVM", &s, &ds);
    data_free(&ds);
    test_agree(LOSS_HINGE2, 0.5, 0.01, 20000, 0);
    test_agree(LOSS_LOGISTIC, 0.5, 0.01, 20000, 0);
    test_agree(LOSS_EPS, 0.5, 0.05, 40000, 1);
    test_agree(LOSS_HINGE, 0.5, 0.05, 40000, 1);
    test_minibatch();
    test_fixture();
    return tap_done();
}
