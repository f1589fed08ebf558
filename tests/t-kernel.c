/* Analytic kernels: L = 1 equals the paper's closed form; the interval and
 * MPFI enclosures contain the 256-bit value; Gram matrices by BLAS equal
 * pointwise evaluation to 1e-12 relative to sqrt(K(x,x) K(z,z)), the scale of
 * K(x,z) (entries near u = -1 are near 0, and BLAS sums in another order). */
#include "ntkcert/bound.h"
#include "ntkcert/kernel.h"
#include "ntkcert/mpinterval.h"
#include "ntkcert/rng.h"
#include "tap.h"

#include <math.h>
#include <stdlib.h>

static rng_t R;

static void rand_vec(double *x, long d, int nonneg)
{
    for (long k = 0; k < d; k++) x[k] = nonneg ? rng_uniform(&R) : rng_normal(&R);
}

/* The paper's closed form |x||z| h(u) / (2 pi d) in MPFI, written out
 * independently of kernel.c. */
static void closed_form_mp(mpfi_ptr r, long d, const double *x, const double *z)
{
    mpfr_prec_t p = mpfi_get_prec(r);
    mpfi_t dot, nx, nz, q, u, a, s, pi;
    mpfi_ptr all[] = {dot, nx, nz, q, u, a, s, pi};
    for (int i = 0; i < 8; i++) mpfi_init2(all[i], p);
    mpiv_dot(dot, x, z, d);
    mpiv_dot(nx, x, x, d);
    mpiv_dot(nz, z, z, d);
    mpfi_mul(q, nx, nz);
    mpfi_sqrt(q, q);
    mpfi_div(u, dot, q);
    mpiv_acos(a, u);
    mpfi_const_pi(pi);
    mpfi_sub(a, pi, a);
    mpfi_mul(a, a, u);
    mpfi_mul_ui(a, a, 2);            /* 2u(pi - acos u) */
    mpfi_sqr(s, u);
    mpfi_ui_sub(s, 1, s);
    mpiv_sqrt(s, s);
    mpfi_add(a, a, s);               /* h(u) */
    mpfi_mul(r, q, a);
    mpfi_div(r, r, pi);
    mpfi_div_ui(r, r, 2 * (unsigned long)d);
    for (int i = 0; i < 8; i++) mpfi_clear(all[i]);
}

static void test_closed_form(void)
{
    const long d = 30;
    double x[30], z[30], worst = 0;
    long bad = 0;
    mpfi_t a, b;
    mpfi_init2(a, 256);
    mpfi_init2(b, 256);
    ntk_params p = ntk_default();
    for (int t = 0; t < 2000; t++) {
        rand_vec(x, d, t % 2);
        if (t % 5 == 0) for (long k = 0; k < d; k++) z[k] = x[k] * 0.7 + 1e-3 * rng_normal(&R);
        else rand_vec(z, d, t % 2);
        double v = ntk_eval_vec(&p, d, x, z);
        double dot = 0, nx = 0, nz = 0;
        for (long k = 0; k < d; k++) { dot += x[k] * z[k]; nx += x[k] * x[k]; nz += z[k] * z[k]; }
        double c = ntk_two_layer(d, dot, nx, nz);
        worst = fmax(worst, fabs(v - c) / fabs(c));
        /* the recursion's MPFI enclosure overlaps the independent closed form */
        mpfi_t md, mx, mz;
        mpfi_init2(md, 256); mpfi_init2(mx, 256); mpfi_init2(mz, 256);
        mpiv_dot(md, x, z, d); mpiv_dot(mx, x, x, d); mpiv_dot(mz, z, z, d);
        ntk_eval_mp(a, &p, d, md, mx, mz);
        closed_form_mp(b, d, x, z);
        mpfi_intersect(b, a, b);
        bad += mpfi_is_empty(b);
        mpfi_clear(md); mpfi_clear(mx); mpfi_clear(mz);
    }
    ok(worst < 1e-13, "L = 1 recursion equals the closed form in double (worst rel. diff %.2e)", worst);
    ok(bad == 0, "L = 1 recursion in MPFI overlaps the closed form in MPFI at 256 bits (%ld disjoint)", bad);
    mpfi_clear(a);
    mpfi_clear(b);
    double o[4] = {0, 0, 0, 0}, y[4] = {1, 2, 3, 4};
    ok(ntk_eval_vec(&p, 4, o, y) == 0, "the kernel of a zero vector is 0");
    ok(fabs(ntk_eval_vec(&p, 4, y, y) - 30.0 / 4) < 1e-14, "Theta(x, x) = |x|^2 / d for one hidden layer");
    ok(fabs(ntk_h(1.0) - 2 * M_PI) < 1e-15 && ntk_h(-1.0) == 0, "h(1) = 2 pi, h(-1) = 0");
}

static void test_enclosures(void)
{
    const long d = 25;
    double x[25], z[25];
    const ntk_params cases[] = {{NTK_NTK, 1, 0}, {NTK_NTK, 2, 0}, {NTK_NTK, 3, 0.5},
                                {NTK_NNGP, 1, 0}, {NTK_NNGP, 4, 0.1}, {NTK_NTK, 5, 0}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        const ntk_params *p = &cases[c];
        long bad = 0, wide = 0, dbl = 0;
        double maxw = 0;
        for (int t = 0; t < 500; t++) {
            rand_vec(x, d, t % 2);
            rand_vec(z, d, t % 3 == 0);
            if (t % 7 == 0) for (long k = 0; k < d; k++) z[k] = x[k];          /* u = 1 */
            if (t % 11 == 0) for (long k = 0; k < d; k++) z[k] = -2 * x[k];    /* u = -1 */
            iv_t e = bound_ntk(p, d, iv_dot(x, z, d), iv_sqrt(iv_dot(x, x, d)), iv_sqrt(iv_dot(z, z, d)));
            mpfi_t md, mx, mz, m;
            mpfi_init2(md, 256); mpfi_init2(mx, 256); mpfi_init2(mz, 256); mpfi_init2(m, 256);
            mpiv_dot(md, x, z, d); mpiv_dot(mx, x, x, d); mpiv_dot(mz, z, z, d);
            ntk_eval_mp(m, p, d, md, mx, mz);
            bad += !mpiv_subset_of_iv(m, e);
            /* the 256-bit enclosure is a value, not a range */
            /* |K(x,z)| <= sqrt(K(x,x) K(z,z)) is the natural scale: near u = -1 the
             * value itself may be 0 */
            double scale = sqrt(ntk_eval_vec(p, d, x, x) * ntk_eval_vec(p, d, z, z));
            mpfr_t w;
            mpfr_init2(w, 256);
            mpfi_diam_abs(w, m);
            /* at u = 1 exactly each layer's acos halves the digits of any enclosure:
             * tightness is checked on the other pairs, containment on all */
            int same = t % 7 == 0;
            wide += !same && mpfr_get_d(w, MPFR_RNDU) > 1e-30 * scale;
            mpfr_clear(w);
            double v = ntk_eval_vec(p, d, x, z);
            dbl += !same && !(fabs(v - iv_mid(e)) <= 1e-7 * scale);
            maxw = fmax(maxw, (e.hi - e.lo) / scale);
            mpfi_clear(md); mpfi_clear(mx); mpfi_clear(mz); mpfi_clear(m);
        }
        ok(bad == 0, "%s depth %d bias %g: interval enclosure contains the MPFI 256-bit value (500 pairs)",
           ntk_kind_name(p->kind), p->depth, p->bias_var);
        ok(wide == 0 && dbl == 0, "%s depth %d bias %g: MPFI value tight, double value near the enclosure (max width %.1e of the scale)",
           ntk_kind_name(p->kind), p->depth, p->bias_var, maxw);
    }
    /* inconsistent but valid ranges (a ball's worth) still give a containing enclosure */
    ntk_params p = ntk_default();
    iv_t e = bound_ntk(&p, 3, iv(-1, 2), iv(0, 2), iv(1, 1));
    ok(!iv_is_empty(e) && e.lo <= 0 && e.hi >= ntk_two_layer(3, 2, 4, 1), "enclosure over wide ranges holds the extremes");
}

/* kappa1(u) = (sqrt(1 - u^2) + (pi - acos u) u) / pi at the double u, 256 bits. */
static void kappa1_mp(mpfi_ptr r, double u)
{
    mpfi_t U, t, pi;
    mpfi_init2(U, 256); mpfi_init2(t, 256); mpfi_init2(pi, 256);
    mpfi_set_d(U, u);
    mpfi_const_pi(pi);
    mpiv_acos(t, U);
    mpfi_sub(t, pi, t);
    mpfi_mul(t, t, U);
    mpfi_sqr(r, U);
    mpfi_ui_sub(r, 1, r);
    mpiv_sqrt(r, r);
    mpfi_add(r, r, t);
    mpfi_div(r, r, pi);
    mpfi_clear(U); mpfi_clear(t); mpfi_clear(pi);
}

/* A12: kappa1 increases on [-1, 1] (its derivative is kappa0 >= 0). */
static void test_kappa1_increasing(void)
{
    mpfi_t a, b;
    mpfi_init2(a, 256); mpfi_init2(b, 256);
    long bad = 0, pairs = 0;
    for (int t = 0; t < 20000; t++) {
        double x = -1 + 2 * rng_uniform(&R), y;
        if (t % 5 == 0) x = (t % 10 == 0 ? -1 : 1) * (1 - 1e-6 * rng_uniform(&R)); /* near the ends */
        y = t % 3 ? x + (1 - x) * rng_uniform(&R) : fmin(1.0, x + 1e-9 * rng_uniform(&R));
        if (y < x) { double w = x; x = y; y = w; }
        kappa1_mp(a, x);
        kappa1_mp(b, y);
        bad += mpfr_less_p(&b->right, &a->left); /* kappa1(y) certainly below kappa1(x) */
        pairs++;
    }
    ok(bad == 0, "A12: %ld sampled ordered pairs in [-1, 1]: kappa1 increasing (%ld contradictions at 256 bits)", pairs, bad);
    kappa1_mp(a, -1.0);
    kappa1_mp(b, 1.0);
    ok(mpfr_cmp_d(&a->left, -1e-70) > 0 && mpfr_cmp_d(&a->right, 1e-70) < 0 &&
       mpfr_cmp_d(&b->left, 1 - 1e-15) > 0 && mpfr_cmp_d(&b->right, 1 + 1e-15) < 0,
       "A12: kappa1(-1) = 0 and kappa1(1) = 1 at 256 bits");
    mpfi_clear(a); mpfi_clear(b);
}

static void test_gram(void)
{
    const long n = 150, m = 70, d = 20;
    double *X = malloc(n * d * sizeof *X), *Z = malloc(m * d * sizeof *Z);
    double *K = malloc(n * n * sizeof *K);
    rand_vec(X, n * d, 0);
    rand_vec(Z, m * d, 0);
    for (long k = 0; k < d; k++) X[3 * d + k] = 0; /* a zero row */
    const ntk_params cases[] = {{NTK_NTK, 1, 0}, {NTK_NTK, 2, 0}, {NTK_NNGP, 3, 0.2}, {NTK_NTK, 3, 1.0}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        const ntk_params *p = &cases[c];
        nc_err e;
        double ws = 0, wn = 0, *dx = malloc(n * sizeof *dx), *dz = malloc(m * sizeof *dz);
        for (long i = 0; i < n; i++) dx[i] = ntk_eval_vec(p, d, X + i * d, X + i * d);
        for (long j = 0; j < m; j++) dz[j] = ntk_eval_vec(p, d, Z + j * d, Z + j * d);
        int rc = ntk_gram(p, X, n, NULL, n, d, K, &e);
        int sym = 1;
        for (long i = 0; i < n; i++)
            for (long j = 0; j < n; j++) {
                double v = ntk_eval_vec(p, d, X + i * d, X + j * d);
                ws = fmax(ws, fabs(K[i * n + j] - v) / fmax(sqrt(dx[i] * dx[j]), 1e-300));
                sym &= K[i * n + j] == K[j * n + i];
            }
        ok(rc == 0 && ws <= 1e-12 && sym, "%s depth %d: K(X,X) by BLAS equals pointwise (rel. %.1e), symmetric",
           ntk_kind_name(p->kind), p->depth, ws);
        rc |= ntk_gram(p, X, n, Z, m, d, K, &e);
        for (long i = 0; i < n; i++)
            for (long j = 0; j < m; j++) {
                double v = ntk_eval_vec(p, d, X + i * d, Z + j * d);
                wn = fmax(wn, fabs(K[i * m + j] - v) / fmax(sqrt(dx[i] * dz[j]), 1e-300));
            }
        ok(rc == 0 && wn <= 1e-12, "%s depth %d: K(X,Z) by BLAS equals pointwise (rel. %.1e)",
           ntk_kind_name(p->kind), p->depth, wn);
        free(dx);
        free(dz);
    }
    nc_err e;
    ntk_params bad = {NTK_NTK, 0, 0};
    ok(ntk_gram(&bad, X, n, NULL, n, d, K, &e) == NC_EINPUT, "depth 0 is refused: %s", e.msg);
    bad.depth = 1; bad.bias_var = -1;
    ok(ntk_gram(&bad, X, n, NULL, n, d, K, &e) == NC_EINPUT, "negative bias variance is refused: %s", e.msg);
    free(X); free(Z); free(K);
}

/* Nearly parallel and identical pairs: point values and K(X, Z) entries agree
 * with MPFI at 256 bits to 1e-12 (the dot-product ratio alone gives 1e-8). */
static void test_near_parallel(void)
{
    const long n = 40, d = 30;
    double *X = malloc(n * d * sizeof *X), *Z = malloc(n * d * sizeof *Z), *K = malloc(n * n * sizeof *K);
    rand_vec(X, n * d, 1);
    for (long i = 0; i < n; i++)
        for (long k = 0; k < d; k++)
            Z[i * d + k] = X[i * d + k] * (i % 4 == 0 ? 1.0 : 1.0 + ldexp(rng_normal(&R), -10 - (int)i));
    const ntk_params cases[] = {{NTK_NTK, 1, 0}, {NTK_NNGP, 1, 0}, {NTK_NTK, 2, 0}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        const ntk_params *p = &cases[c];
        nc_err e;
        int rc = ntk_gram(p, X, n, Z, n, d, K, &e);
        double wp = 0, wg = 0;
        mpfi_t md, mx, mz, m;
        mpfi_init2(md, 256); mpfi_init2(mx, 256); mpfi_init2(mz, 256); mpfi_init2(m, 256);
        for (long i = 0; i < n; i++) {
            mpiv_dot(md, X + i * d, Z + i * d, d); mpiv_dot(mx, X + i * d, X + i * d, d); mpiv_dot(mz, Z + i * d, Z + i * d, d);
            ntk_eval_mp(m, p, d, md, mx, mz);
            double ref = mpfr_get_d(&m->left, MPFR_RNDN), v = ntk_eval_vec(p, d, X + i * d, Z + i * d);
            wp = fmax(wp, fabs(v - ref) / ref);
            wg = fmax(wg, fabs(K[i * n + i] - ref) / ref);
        }
        mpfi_clear(md); mpfi_clear(mx); mpfi_clear(mz); mpfi_clear(m);
        /* deeper layers see u near 1 through the recursion, where the
         * double recursion keeps about half the digits */
        double tol = p->depth == 1 ? 1e-12 : 1e-7;
        ok(rc == 0 && wp < tol && wg < tol, "%s depth %d: nearly parallel pairs (1-u down to 1e-28) agree with MPFI: "
           "pointwise %.1e, K(X,Z) %.1e", ntk_kind_name(p->kind), p->depth, wp, wg);
    }
    free(X); free(Z); free(K);
}

static void test_mpinterval(void)
{
    mpfi_t a, b, r;
    mpfi_init2(a, 128); mpfi_init2(b, 128); mpfi_init2(r, 128);
    mpfi_interv_d(a, 1, 2);
    mpfi_interv_d(b, -1, 1);
    mpiv_div(r, a, b);
    ok(mpfr_inf_p(&r->left) && mpfr_inf_p(&r->right), "mpiv_div by an interval containing 0 is the whole line");
    mpfi_interv_d(a, -3, 0.5);
    mpiv_acos(r, a);
    iv_t g = mpiv_get_iv(r);
    ok(g.lo <= acos(0.5) && g.hi >= M_PI && g.hi < 3.1416, "mpiv_acos clips to [-1, 1]");
    mpfi_interv_d(a, -3, 4);
    mpiv_sqrt(r, a);
    g = mpiv_get_iv(r);
    ok(g.lo == 0 && g.hi >= 2, "mpiv_sqrt clips to [0, inf)");
    mpfi_set_ui(a, 1);
    mpfi_div_ui(a, a, 3);
    g = mpiv_get_iv(a);
    ok(g.lo < g.hi && g.lo <= 1.0 / 3 && g.hi >= 1.0 / 3 && mpiv_subset_of_iv(a, g), "mpiv_get_iv rounds outward");
    mpfi_clear(a); mpfi_clear(b); mpfi_clear(r);
}

int main(void)
{
    rng_seed(&R, 42);
    test_closed_form();
    test_enclosures();
    test_kappa1_increasing();
    test_gram();
    test_near_parallel();
    test_mpinterval();
    return tap_done();
}
