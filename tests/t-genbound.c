/* t-genbound: the margin bound of genbound.h against direct computations:
 * the bound's terms on hand-made scores, tr K and B against an explicit Gram
 * matrix, sqrt(tr K) / n against the exact Rademacher complexity of the
 * kernel's unit ball (all 2^n sign vectors), the bound above the error on
 * fresh samples, the label shuffle, and the errors on bad input. */
#include "ntkcert/genbound.h"
#include "ntkcert/kernel.h"
#include "ntkcert/rng.h"
#include "tap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int close_rel(double a, double b, double tol) { return fabs(a - b) <= tol * fmax(fabs(a), fabs(b)); }

/* n points in d dimensions: two Gaussian blobs, centres sep apart in the
 * first coordinate, labels -1/+1 with a share noise of them flipped. */
static nc_data blobs_sep(long n, long d, double sep, double noise, uint64_t seed)
{
    rng_t r;
    rng_seed(&r, seed);
    nc_data ds = {n, d, malloc((size_t)(n * d) * sizeof(double)), malloc((size_t)n * sizeof(double))};
    for (long i = 0; i < n; i++) {
        double c = rng_uniform(&r) < 0.5 ? 1.0 : -1.0;
        for (long k = 0; k < d; k++) ds.X[i * d + k] = 0.5 * sep * c * (k == 0) + 0.8 * rng_normal(&r) + 0.3;
        ds.y[i] = rng_uniform(&r) < noise ? -c : c;
    }
    return ds;
}

static nc_data blobs(long n, long d, double noise, uint64_t seed) { return blobs_sep(n, d, 1.4, noise, seed); }

static km_model train(const nc_data *ds, double lambda, int cf, int ic)
{
    km_spec s = km_spec_default();
    s.lambda = lambda;
    s.constant_feature = cf;
    s.intercept = ic;
    nc_err e;
    km_model m = {0};
    double *K = km_gram(&s, ds, &e);
    if (!K || km_train(&m, &s, ds, K, &e)) tap_diag("training failed: %s", e.msg);
    free(K);
    return m;
}

static void test_hand(void)
{
    const double y[] = {1, 1, -1, -1}, g[] = {2, 0.5, -1, 0.3};
    gen_opts o = {0.05, 0.5};
    gen_result r;
    nc_err e;
    int rc = gen_margin_bound(g, y, 4, 8.0, 4.0, &o, &r, &e);
    /* y g / B = 1, 0.25, 0.5, -0.15: ramp losses at 0.5 are 0, 0.5, 0, 1 */
    double conf = 3 * sqrt(log(2 / 0.05) / 8);
    ok(rc == NC_OK && r.grid == 1 && r.norm == 2 && r.train_error == 0.25, "one margin: B = 2, training error 1/4");
    ok(rc == NC_OK && close_rel(r.best.margin_loss, 0.375, 1e-15) && close_rel(r.best.complexity, sqrt(8.0), 1e-15) &&
           close_rel(r.confidence_term, conf, 1e-15) && close_rel(r.best.bound, 0.375 + sqrt(8.0) + conf, 1e-15),
       "ramp loss 0.375, complexity (2 / 0.5) sqrt(8) / 4, confidence 3 sqrt(ln 40 / 8): %.6f", r.best.bound);
    gen_result_free(&r);

    o.margin = 0;
    rc = gen_margin_bound(g, y, 4, 8.0, 4.0, &o, &r, &e);
    int least = rc == NC_OK && r.grid == GEN_GRID, found = 0;
    for (long k = 0; least && k < r.grid; k++) {
        least &= r.best.bound <= r.curve[k].bound && r.curve[k].margin == exp2((double)(k - GEN_GRID_ZERO) / 4);
        found |= r.best.bound == r.curve[k].bound;
    }
    ok(least && found && r.curve[GEN_GRID_ZERO].margin == 1 &&
           close_rel(r.confidence_term, 3 * sqrt(log(2.0 * GEN_GRID / 0.05) / 8), 1e-15),
       "grid: 201 margins 2^(k/4), the best the least of them, confidence at delta / 201");
    gen_result_free(&r);
}

/* tr K' and B^2 = alpha^T K' alpha + b^2 from an explicit Gram matrix, for
 * each combination of constant feature and intercept. */
static void test_explicit(void)
{
    nc_data ds = blobs(60, 5, 0.05, 3);
    for (int v = 0; v < 4; v++) {
        int cf = v & 1, ic = v >> 1;
        km_model m = train(&ds, 0.1, cf, ic);
        double tr = 0, q = m.b * m.b;
        for (long i = 0; i < ds.n; i++) tr += ntk_eval_vec(&m.spec.kernel, ds.d, ds.X + i * ds.d, ds.X + i * ds.d) + cf + ic;
        for (long i = 0; i < m.n; i++)
            for (long j = 0; j < m.n; j++)
                q += m.alpha[i] * m.alpha[j] * (ntk_eval_vec(&m.spec.kernel, ds.d, m.X + i * ds.d, m.X + j * ds.d) + cf);
        gen_opts o = {0.05, 0.01};
        gen_result r;
        nc_err e;
        int rc = gen_km(&m, &ds, &o, &r, &e);
        ok(rc == NC_OK && close_rel(r.trace, tr, 1e-12) && close_rel(r.norm, sqrt(q), 1e-9) &&
               close_rel(r.best.complexity, 2 / 0.01 * sqrt(tr) / 60, 1e-12),
           "constant feature %d, intercept %d: tr K' %.6g and B %.6g as from the explicit Gram matrix (%ld vectors, b %.3g)",
           cf, ic, r.trace, r.norm, m.n, m.b);
        gen_result_free(&r);
        km_free(&m);
    }
    data_free(&ds);
}

/* Rad_S(H_1) = E_sigma sqrt(sigma^T K sigma) / n exactly, over all 2^n sign
 * vectors, is at most sqrt(tr K) / n (Jensen), and not far below it. */
static void test_rademacher(void)
{
    enum { N = 12 };
    nc_data ds = blobs(N, 4, 0, 5);
    ntk_params p = ntk_default();
    double K[N][N], tr = 0, rad = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) K[i][j] = ntk_eval_vec(&p, ds.d, ds.X + i * ds.d, ds.X + j * ds.d);
    for (int i = 0; i < N; i++) tr += K[i][i];
    for (long s = 0; s < 1L << N; s++) {
        double q = 0;
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) q += ((s >> i & 1) ? 1 : -1) * ((s >> j & 1) ? 1 : -1) * K[i][j];
        rad += sqrt(fmax(q, 0)) / N;
    }
    rad /= (double)(1L << N);
    ok(rad <= sqrt(tr) / N && rad >= 0.5 * sqrt(tr) / N,
       "exact Rademacher complexity of the unit ball over 2^12 signs %.6f <= sqrt(tr K) / n = %.6f", rad, sqrt(tr) / N);
    data_free(&ds);
}

/* The theorem's conclusion on one draw: the bound, below 1, lies above the
 * error on 20000 fresh points (it holds with probability >= 1 - delta). */
static void test_fresh(void)
{
    nc_data tr = blobs_sep(3000, 5, 4, 0.02, 7), te = blobs_sep(20000, 5, 4, 0.02, 8);
    for (int k = 0; k < 2; k++) {
        double lambda = k ? 10.0 : 1.0;
        km_model m = train(&tr, lambda, 0, 1);
        gen_opts o = gen_opts_default();
        gen_result r;
        nc_err e;
        double *z = malloc((size_t)te.n * sizeof *z);
        int rc = gen_km(&m, &tr, &o, &r, &e) || km_predict(&m, te.X, te.n, te.d, z, &e);
        long wrong = 0;
        for (long i = 0; i < te.n; i++) wrong += !(te.y[i] * z[i] > 0);
        double err = (double)wrong / (double)te.n;
        ok(rc == NC_OK && r.best.bound >= err && r.best.bound < 1 && err > 0.01, "SVM lambda %g: bound %.4f >= error %.4f on fresh points",
           lambda, r.best.bound, err);
        free(z);
        gen_result_free(&r);
        km_free(&m);
    }
    data_free(&tr);
    data_free(&te);
}

static int cmp(const void *a, const void *b) { return (*(const double *)a > *(const double *)b) - (*(const double *)a < *(const double *)b); }

static void test_shuffle(void)
{
    nc_data a = blobs(200, 3, 0, 9), b = blobs(200, 3, 0, 9), c = blobs(200, 3, 0, 9);
    for (long i = 0; i < a.n; i++) a.y[i] = b.y[i] = c.y[i] = (double)i; /* distinct labels */
    data_shuffle_labels(&a, 1);
    data_shuffle_labels(&b, 1);
    data_shuffle_labels(&c, 2);
    long moved = 0, diff = 0;
    for (long i = 0; i < a.n; i++) {
        moved += a.y[i] != (double)i;
        diff += a.y[i] != c.y[i];
    }
    int same = !memcmp(a.y, b.y, (size_t)a.n * sizeof *a.y);
    qsort(c.y, (size_t)c.n, sizeof *c.y, cmp);
    int perm = 1;
    for (long i = 0; i < c.n; i++) perm &= c.y[i] == (double)i;
    nc_data x = blobs(200, 3, 0, 9);
    ok(same && perm && moved > 150 && diff > 150 && !memcmp(a.X, x.X, (size_t)(a.n * a.d) * sizeof *a.X),
       "shuffled labels: a permutation, the same for a seed, another for another seed (%ld of 200 moved), X untouched",
       moved);
    data_free(&a);
    data_free(&b);
    data_free(&c);
    data_free(&x);
}

static void test_errors(void)
{
    const double y[] = {1, -1}, bad[] = {1, 0}, g[] = {1, -1}, nan_g[] = {1, NAN};
    gen_result r;
    nc_err e;
    gen_opts o = gen_opts_default();
    ok(gen_margin_bound(g, bad, 2, 1, 1, &o, &r, &e) == NC_EINPUT && strstr(e.msg, "label"), "label 0: %s", e.msg);
    ok(gen_margin_bound(nan_g, y, 2, 1, 1, &o, &r, &e) == NC_EINPUT, "a NaN output: %s", e.msg);
    ok(gen_margin_bound(g, y, 2, 1, 0, &o, &r, &e) == NC_EINPUT, "B = 0: %s", e.msg);
    ok(gen_margin_bound(g, y, 2, 0, 1, &o, &r, &e) == NC_EINPUT, "tr K = 0: %s", e.msg);
    const double confs[] = {0, 1, -0.1, NAN};
    int all = 1;
    for (int k = 0; k < 4; k++) {
        o.confidence = confs[k];
        all &= gen_margin_bound(g, y, 2, 1, 1, &o, &r, &e) == NC_EINPUT;
    }
    ok(all, "confidence 0, 1, -0.1, NaN refused: %s", e.msg);
    o = gen_opts_default();
    o.margin = -1;
    ok(gen_check(&o, &e) == NC_EINPUT, "margin -1 refused: %s", e.msg);
    nc_data ds = blobs(40, 3, 0, 4);
    km_model m = train(&ds, 1, 0, 0);
    ds.y[0] = -ds.y[0];
    o = gen_opts_default();
    ok(gen_km(&m, &ds, &o, &r, &e) == NC_EINPUT && strstr(e.msg, "SHA-256"), "other training data: %s", e.msg);
    km_free(&m);
    data_free(&ds);
}

int main(void)
{
    test_hand();
    test_explicit();
    test_rademacher();
    test_fresh();
    test_shuffle();
    test_errors();
    return tap_done();
}
