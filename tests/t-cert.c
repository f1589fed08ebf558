/* Certificates: every routine of bound.h contains the exact value (MPFR/MPFI
 * at 256 bits) at sampled points of its input ranges; sampling never finds a
 * point of a certified ball where g falls below the reported bound or changes
 * sign; a one-point model gets its closed-form radius; MPFI at 128 bits
 * confirms every certified radius. */
#include "ntkcert/cert.h"
#include "ntkcert/mpinterval.h"
#include "ntkcert/rng.h"
#include "tap.h"

#include <cblas.h>
#include <gmp.h>
#include <mpfr.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

static rng_t R;

static double unif(double a, double b) { return a + (b - a) * rng_uniform(&R); }

/* h(u), (pi - acos u)/pi and sqrt(1-u^2) at 256 bits as MPFI, over u in [lo, hi]. */
static void mp_funcs(double lo, double hi, mpfi_ptr h, mpfi_ptr k0, mpfi_ptr s)
{
    mpfi_t U, pi, t;
    mpfi_init2(U, 256); mpfi_init2(pi, 256); mpfi_init2(t, 256);
    mpfi_interv_d(U, lo, hi);
    mpfi_const_pi(pi);
    mpiv_acos(t, U);
    mpfi_sub(t, pi, t);
    mpfi_div(k0, t, pi);
    mpfi_mul(h, t, U);
    mpfi_mul_ui(h, h, 2);
    mpfi_sqr(s, U);
    mpfi_ui_sub(s, 1, s);
    mpiv_sqrt(s, s);
    mpfi_add(h, h, s);
    mpfi_clear(U); mpfi_clear(pi); mpfi_clear(t);
}

/* h'(u) = 2(pi - acos u) + u / sqrt(1 - u^2) at 256 bits, u in (-1, 1). */
static void mp_hprime(double u, mpfi_ptr r)
{
    mpfi_t U, t;
    mpfi_init2(U, 256); mpfi_init2(t, 256);
    mpfi_set_d(U, u);
    mpfi_const_pi(r);
    mpiv_acos(t, U);
    mpfi_sub(r, r, t);
    mpfi_mul_ui(r, r, 2);
    mpfi_sqr(t, U);
    mpfi_ui_sub(t, 1, t);
    mpfi_sqrt(t, t);
    mpfi_div(t, U, t);
    mpfi_add(r, r, t);
    mpfi_clear(U); mpfi_clear(t);
}

/* A9: h decreases on [-1, BOUND_HMIN_LO] and increases on [BOUND_HMIN_HI, 1]:
 * h' < 0 at the first and > 0 at the second (h' increases, since
 * h'' = 2 / sqrt(1 - u^2) + (1 - u^2)^(-3/2) > 0), and no sampled pair of
 * points contradicts either monotone piece. */
static void test_h_pieces(void)
{
    mpfi_t a, b, k0, s;
    mpfi_init2(a, 256); mpfi_init2(b, 256); mpfi_init2(k0, 256); mpfi_init2(s, 256);
    mp_hprime(BOUND_HMIN_LO, a);
    mp_hprime(BOUND_HMIN_HI, b);
    ok(mpfr_sgn(&a->right) < 0 && mpfr_sgn(&b->left) > 0 && nextafter(BOUND_HMIN_LO, 0) == BOUND_HMIN_HI,
       "A9: h'(BOUND_HMIN_LO) < 0 < h'(BOUND_HMIN_HI) at 256 bits, and the two are adjacent doubles");
    mp_funcs(BOUND_HMIN_LO, BOUND_HMIN_HI, a, k0, s); /* h over the interval that holds u* */
    ok(mpfr_cmp_d(&a->left, BOUND_H_MIN) >= 0 && mpfr_cmp_d(&a->left, BOUND_H_MIN + 1e-14) < 0,
       "A9: h >= BOUND_H_MIN on [BOUND_HMIN_LO, BOUND_HMIN_HI] at 256 bits (h there >= %.17g), within 1e-14",
       mpfr_get_d(&a->left, MPFR_RNDD));
    long bad = 0, pairs = 0;
    for (int t = 0; t < 20000; t++) {
        int inc = t % 2;
        double lo = inc ? BOUND_HMIN_HI : -1.0, hi = inc ? 1.0 : BOUND_HMIN_LO;
        double x = unif(lo, hi), y = t % 3 ? unif(x, hi) : fmin(hi, x + unif(0, 1e-9));
        mp_funcs(x, x, a, k0, s);
        mp_funcs(y, y, b, k0, s);
        /* contradicted when h(y) is certainly below h(x) on the increasing piece, or above on the decreasing one */
        bad += inc ? mpfr_less_p(&b->right, &a->left) : mpfr_greater_p(&b->left, &a->right);
        pairs++;
    }
    ok(bad == 0, "A9: %ld sampled ordered pairs on h's pieces: h monotone as stated (%ld contradictions)", pairs, bad);
    mpfi_clear(a); mpfi_clear(b); mpfi_clear(k0); mpfi_clear(s);
}

static void test_h_family(void)
{
    ok(bound_h(iv_point(-0.5)).hi < 0 && bound_h(iv(-1, -0.5)).lo < -0.4297,
       "h is negative on part of [-1, 0]: the enclosures are not clamped at 0");
    mpfi_t h, k0, s;
    mpfi_init2(h, 256); mpfi_init2(k0, 256); mpfi_init2(s, 256);
    long bad = 0;
    for (int t = 0; t < 20000; t++) {
        double a = unif(-1, 1), b = unif(-1, 1);
        if (t % 4 == 0) b = a + unif(0, 1e-6);
        if (t % 7 == 0) { a = unif(-0.85, -0.75); b = a + unif(0, 0.1); } /* around the minimum */
        iv_t in = a < b ? iv(a, fmin(b, 1.0)) : iv(b, a);
        iv_t H = bound_h(in), K = bound_k0(in), S = bound_sqrt1m(in);
        for (int j = 0; j < 5; j++) {
            double u = j == 0 ? in.lo : (j == 1 ? in.hi : unif(in.lo, in.hi));
            if (j == 4) u = fmin(in.hi, fmax(in.lo, -0.7946)); /* near u* */
            mp_funcs(u, u, h, k0, s);
            bad += !mpiv_subset_of_iv(h, H) || !mpiv_subset_of_iv(k0, K) || !mpiv_subset_of_iv(s, S);
        }
    }
    ok(bad == 0, "bound_h, bound_k0, bound_sqrt1m contain the 256-bit values at 10^5 sampled points (%ld misses)", bad);
    mpfi_clear(h); mpfi_clear(k0); mpfi_clear(s);
}

/* A13: bound_ntk1_grad contains d Theta / d a = h'(u) / (2 pi d) and
 * d Theta / d r = |z| k(u) / (2 pi d), k(u) = (1 - 2u^2) / sqrt(1 - u^2), at
 * 256 bits for sampled (a, r, |z|) in its input ranges; and h' increases,
 * k increases on [-1, 0] and decreases on [0, 1] on sampled ordered pairs. */
static void test_grad_enclosure(void)
{
    mpfi_t hp, k, t, c;
    mpfi_init2(hp, 256); mpfi_init2(k, 256); mpfi_init2(t, 256); mpfi_init2(c, 256);
    long miss = 0, bad = 0, pairs = 0;
    const long d = 784;
    bound_ntk1_ctx k1 = bound_ntk1_init(d);
    mpfi_const_pi(c);
    mpfi_mul_ui(c, c, 2 * d); /* 2 pi d */
    for (int s = 0; s < 20000; s++) {
        double r0 = unif(0.5, 2), z0 = unif(0.5, 2), u0 = unif(-0.999, 0.999), w = s % 3 ? unif(0, 1e-3) : unif(0, 0.1);
        iv_t nx = iv(r0, r0 * (1 + w)), nz = iv(z0, z0), dot = iv(u0 * r0 * z0, u0 * r0 * z0 + w);
        iv_t A, B;
        bound_ntk1_grad(k1, dot, nx, nz, &A, &B);
        for (int j = 0; j < 4; j++) {
            double r = unif(nx.lo, nx.hi), a = unif(dot.lo, dot.hi), u = a / (r * z0);
            if (!(u > -1 && u < 1)) continue;
            mp_hprime(u, hp);
            mpfi_div(hp, hp, c);
            mpfi_set_d(t, u);
            mpfi_sqr(k, t);
            mpfi_ui_sub(t, 1, k);
            mpfi_sqrt(t, t);
            mpfi_mul_ui(k, k, 2);
            mpfi_ui_sub(k, 1, k);
            mpfi_div(k, k, t);
            mpfi_mul_d(k, k, z0);
            mpfi_div(k, k, c);
            miss += !mpiv_subset_of_iv(hp, A) || !mpiv_subset_of_iv(k, B);
        }
        double x = unif(-0.999, 0.999), y = s % 2 ? unif(x, 0.999) : fmin(0.999, x + unif(0, 1e-9));
        mpfi_t kx, ky;
        mpfi_init2(kx, 256); mpfi_init2(ky, 256);
        mp_hprime(x, kx);
        mp_hprime(y, ky);
        bad += mpfr_less_p(&ky->right, &kx->left) && y > x;
        for (int q = 0; q < 2; q++) {
            double v = q ? x : y;
            mpfi_set_d(t, v); mpfi_sqr(t, t); mpfi_ui_sub(t, 1, t); mpfi_sqrt(t, t);
            mpfi_set_d(q ? kx : ky, v); mpfi_sqr(q ? kx : ky, q ? kx : ky); mpfi_mul_ui(q ? kx : ky, q ? kx : ky, 2);
            mpfi_ui_sub(q ? kx : ky, 1, q ? kx : ky); mpfi_div(q ? kx : ky, q ? kx : ky, t);
        }
        if (y > x && x >= 0) bad += mpfr_greater_p(&ky->left, &kx->right);
        if (y > x && y <= 0) bad += mpfr_less_p(&ky->right, &kx->left);
        pairs++;
        mpfi_clear(kx); mpfi_clear(ky);
    }
    ok(miss == 0, "A13: bound_ntk1_grad contains h'(u)/(2 pi d) and |z| k(u)/(2 pi d) at 256 bits on 80000 samples (%ld misses)",
       miss);
    ok(bad == 0, "A13: %ld ordered pairs: h' increases, k increases on [-1, 0] and decreases on [0, 1] (%ld contradictions)",
       pairs, bad);
    iv_t A, B;
    int inside = bound_ntk1_grad(k1, iv(0.5, 1.0), iv(1, 1), iv(1, 1), &A, &B);
    ok(!inside && isinf(A.hi) && isinf(B.lo), "A13: where u may reach 1 the derivative enclosures are unbounded (flag 0)");
    inside = bound_ntk1_grad(k1, iv(0.5, 0.6), iv(1, 1), iv(1, 1), &A, &B);
    ok(inside && isfinite(A.lo) && isfinite(A.hi) && isfinite(B.lo) && isfinite(B.hi),
       "A13: for u in [0.5, 0.6] the enclosures are finite (flag 1)");
    mpfi_clear(hp); mpfi_clear(k); mpfi_clear(t); mpfi_clear(c);
}

/* A14: for x0 != 0 and any e, r - r0 - <x0, e> / r0 lies in [0, |e|^2 / (2 r0)]
 * (r = |x0 + e|, r0 = |x0|), at 256 bits on random points, a tenth with e
 * along x0 (the lower end is then attained). */
static void test_norm_expansion(void)
{
    mpfr_t r, r0, de, e2, v, t;
    mpfr_inits2(256, r, r0, de, e2, v, t, (mpfr_ptr)0);
    long bad = 0;
    for (int s = 0; s < 20000; s++) {
        long n = 1 + (long)(unif(0, 24));
        double x0[24], e[24], a = unif(-2, 2), sc = s % 2 ? 1e-3 : 1;
        mpfr_set_ui(r, 0, MPFR_RNDN); mpfr_set_ui(r0, 0, MPFR_RNDN); mpfr_set_ui(de, 0, MPFR_RNDN); mpfr_set_ui(e2, 0, MPFR_RNDN);
        for (long k = 0; k < n; k++) {
            x0[k] = rng_normal(&R);
            e[k] = s % 10 == 0 ? a * x0[k] : sc * rng_normal(&R);
            mpfr_set_d(t, x0[k], MPFR_RNDN); mpfr_add_d(t, t, e[k], MPFR_RNDN); mpfr_sqr(t, t, MPFR_RNDN); mpfr_add(r, r, t, MPFR_RNDN);
            mpfr_set_d(t, x0[k], MPFR_RNDN); mpfr_sqr(t, t, MPFR_RNDN); mpfr_add(r0, r0, t, MPFR_RNDN);
            mpfr_set_d(t, x0[k], MPFR_RNDN); mpfr_mul_d(t, t, e[k], MPFR_RNDN); mpfr_add(de, de, t, MPFR_RNDN);
            mpfr_set_d(t, e[k], MPFR_RNDN); mpfr_sqr(t, t, MPFR_RNDN); mpfr_add(e2, e2, t, MPFR_RNDN);
        }
        mpfr_sqrt(r, r, MPFR_RNDN);
        mpfr_sqrt(r0, r0, MPFR_RNDN);
        mpfr_sub(v, r, r0, MPFR_RNDN);
        mpfr_div(t, de, r0, MPFR_RNDN);
        mpfr_sub(v, v, t, MPFR_RNDN); /* r - r0 - <x0, e> / r0 */
        mpfr_div(t, e2, r0, MPFR_RNDN);
        mpfr_div_ui(t, t, 2, MPFR_RNDN);
        bad += mpfr_cmp_d(v, -1e-60) < 0 || mpfr_cmp(v, t) > 0;
    }
    ok(bad == 0, "A14: |x0 + e| - |x0| - <x0, e>/|x0| in [0, |e|^2 / (2|x0|)] at 256 bits on 20000 points (%ld violations)", bad);
    mpfr_clears(r, r0, de, e2, v, t, (mpfr_ptr)0);
}

/* phi(a, r) = r s h(a / (r s)) / (2 pi d) at 256 bits, |a| < r s. */
static void mp_phi(mpfi_ptr r, mpfi_srcptr a, mpfi_srcptr rr, double s, long d)
{
    mpfi_t q, u, t, pi;
    mpfi_init2(q, 256); mpfi_init2(u, 256); mpfi_init2(t, 256); mpfi_init2(pi, 256);
    mpfi_mul_d(q, rr, s);
    mpfi_div(u, a, q);
    mpfi_const_pi(pi);
    mpiv_acos(t, u);
    mpfi_sub(t, pi, t);
    mpfi_mul(t, t, u);
    mpfi_mul_ui(t, t, 2); /* 2u(pi - acos u) */
    mpfi_sqr(r, u);
    mpfi_ui_sub(r, 1, r);
    mpiv_sqrt(r, r);
    mpfi_add(r, r, t); /* h(u) */
    mpfi_mul(r, r, q);
    mpfi_mul_ui(pi, pi, 2 * d);
    mpfi_div(r, r, pi);
    mpfi_clear(q); mpfi_clear(u); mpfi_clear(t); mpfi_clear(pi);
}

/* A14, the mean value theorem as make proofs uses it (the axioms
 * mean_value_a, mean_value_b, mean_value): where bound_ntk1_grad says the rectangle between (a0, r0)
 * and (a, r) lies inside the cone, phi(a, r) - phi(a0, r0) lies in
 * A (a - a0) + B (r - r0) for its enclosures A, B over the rectangle, at
 * 256 bits, on 20000 random segments (small and large, some near u = +-1). */
static void test_mean_value(void)
{
    const long d = 784;
    bound_ntk1_ctx k1 = bound_ntk1_init(d);
    mpfi_t p1, p0, a, r, t, e;
    mpfi_init2(p1, 256); mpfi_init2(p0, 256); mpfi_init2(a, 256); mpfi_init2(r, 256); mpfi_init2(t, 256);
    mpfi_init2(e, 256);
    long bad = 0, used = 0;
    for (int k = 0; k < 20000; k++) {
        double s = unif(0.5, 2), r0 = unif(0.5, 2), u0 = k % 5 ? unif(-0.99, 0.99) : unif(0.99, 0.99999);
        double w = k % 2 ? unif(0, 1e-3) : unif(0, 0.2), a0 = u0 * r0 * s;
        double a1 = a0 + w * unif(-1, 1), r1 = r0 + w * unif(-0.5, 0.5);
        iv_t AH = iv(fmin(a0, a1), fmax(a0, a1)), RH = iv(fmin(r0, r1), fmax(r0, r1)), A, B;
        if (!bound_ntk1_grad(k1, AH, RH, iv(s, s), &A, &B)) continue;
        used++;
        mpfi_set_d(a, a1); mpfi_set_d(r, r1);
        mp_phi(p1, a, r, s, d);
        mpfi_set_d(a, a0); mpfi_set_d(r, r0);
        mp_phi(p0, a, r, s, d);
        mpfi_sub(p1, p1, p0); /* phi(a, r) - phi(a0, r0) */
        mpfi_interv_d(t, A.lo, A.hi);
        mpfi_set_d(a, a1);
        mpfi_sub_d(a, a, a0);
        mpfi_mul(t, t, a);
        mpfi_interv_d(e, B.lo, B.hi);
        mpfi_set_d(r, r1);
        mpfi_sub_d(r, r, r0);
        mpfi_mul(e, e, r);
        mpfi_add(t, t, e); /* A (a - a0) + B (r - r0) */
        bad += !mpfi_is_inside(p1, t);
    }
    ok(bad == 0 && used > 10000,
       "A14: phi(a, r) - phi(a0, r0) in A (a - a0) + B (r - r0) at 256 bits on %ld segments inside the cone (%ld misses)",
       used, bad);
    mpfi_clear(p1); mpfi_clear(p0); mpfi_clear(a); mpfi_clear(r); mpfi_clear(t); mpfi_clear(e);
}

/* A16 (the lemma quot_scale): (b / y) e = b (e / y), exactly in GMP
 * rationals, on 10000 random doubles (y != 0; some huge, some tiny). */
static void test_quot_scale(void)
{
    mpq_t b, e, y, l, r;
    mpq_init(b); mpq_init(e); mpq_init(y); mpq_init(l); mpq_init(r);
    long bad = 0;
    for (int k = 0; k < 10000; k++) {
        double vb = ldexp(unif(-1, 1), (int)unif(-60, 60)), ve = ldexp(unif(-1, 1), (int)unif(-60, 60));
        double vy = ldexp(unif(0.5, 1), (int)unif(-60, 60)) * (k % 2 ? 1 : -1);
        mpq_set_d(b, vb); mpq_set_d(e, ve); mpq_set_d(y, vy);
        mpq_div(l, b, y);
        mpq_mul(l, l, e); /* (b / y) e */
        mpq_div(r, e, y);
        mpq_mul(r, r, b); /* b (e / y) */
        bad += !mpq_equal(l, r);
    }
    ok(bad == 0, "A16: (b / y) e = b (e / y) exactly (GMP) on 10000 random triples (%ld differ)", bad);
    mpq_clear(b); mpq_clear(e); mpq_clear(y); mpq_clear(l); mpq_clear(r);
}

/* A15 (the axiom interchange): <v + c x0, x - x0> = sum_i m_i <x - x0, x_i>
 * + c <x0, x - x0>, v = sum_i m_i x_i, in exact rational arithmetic on 2000
 * random doubles' problems; and A10's bounds on <w, x - x0> (hoelder_lin,
 * cs_lin) and |<x0, z>| <= |x0||z| (cs_p) at 256 bits. */
static void test_interchange(void)
{
    mpq_t lhs, rhs, t, u, v;
    mpq_inits(lhs, rhs, t, u, v, (mpq_ptr)0);
    long bad = 0, badlin = 0;
    mpfr_t L, W1, W2, D1, D2, X0, Z, T;
    mpfr_inits2(256, L, W1, W2, D1, D2, X0, Z, T, (mpfr_ptr)0);
    for (int k = 0; k < 2000; k++) {
        long n = 1 + (long)unif(0, 12), d = 1 + (long)unif(0, 12);
        double m[12], X[144], x[12], x0[12], c = rng_normal(&R), w[12];
        for (long i = 0; i < n; i++) m[i] = rng_normal(&R);
        for (long i = 0; i < n * d; i++) X[i] = k % 3 ? rng_normal(&R) : (double)(long)unif(0, 256) / 255;
        for (long j = 0; j < d; j++) { x0[j] = rng_normal(&R); x[j] = x0[j] + 1e-3 * rng_normal(&R); }
        mpq_set_ui(lhs, 0, 1);
        for (long j = 0; j < d; j++) { /* (sum_i m_i X_ij + c x0_j) (x_j - x0_j) */
            mpq_set_d(u, c); mpq_set_d(t, x0[j]); mpq_mul(u, u, t);
            for (long i = 0; i < n; i++) { mpq_set_d(t, m[i]); mpq_set_d(v, X[i * d + j]); mpq_mul(t, t, v); mpq_add(u, u, t); }
            mpq_set_d(t, x[j]); mpq_set_d(v, x0[j]); mpq_sub(t, t, v);
            mpq_mul(u, u, t);
            mpq_add(lhs, lhs, u);
        }
        mpq_set_ui(rhs, 0, 1);
        for (long i = 0; i < n; i++) /* m_i (<x, x_i> - <x0, x_i>) */
            for (long j = 0; j < d; j++) {
                mpq_set_d(t, x[j]); mpq_set_d(v, x0[j]); mpq_sub(t, t, v);
                mpq_set_d(v, X[i * d + j]); mpq_mul(t, t, v);
                mpq_set_d(v, m[i]); mpq_mul(t, t, v);
                mpq_add(rhs, rhs, t);
            }
        for (long j = 0; j < d; j++) { /* c (<x, x0> - <x0, x0>) */
            mpq_set_d(t, x[j]); mpq_set_d(v, x0[j]); mpq_mul(t, t, v);
            mpq_set_d(u, x0[j]); mpq_mul(u, u, v); mpq_sub(t, t, u);
            mpq_set_d(v, c); mpq_mul(t, t, v);
            mpq_add(rhs, rhs, t);
        }
        bad += !mpq_equal(lhs, rhs);
        /* |<w, x - x0>| <= |x - x0|_inf |w|_1 and <= |x - x0|_2 |w|_2; |<x0, z>| <= |x0||z| */
        mpfr_set_ui(L, 0, MPFR_RNDN); mpfr_set_ui(W1, 0, MPFR_RNDN); mpfr_set_ui(W2, 0, MPFR_RNDN);
        mpfr_set_ui(D1, 0, MPFR_RNDN); mpfr_set_ui(D2, 0, MPFR_RNDN); mpfr_set_ui(X0, 0, MPFR_RNDN);
        mpfr_set_ui(Z, 0, MPFR_RNDN);
        double zd = 0;
        for (long j = 0; j < d; j++) {
            w[j] = k % 4 == 0 ? (x[j] >= x0[j] ? 1.0 : -1.0) : rng_normal(&R);
            mpfr_set_d(T, x[j], MPFR_RNDN); mpfr_sub_d(T, T, x0[j], MPFR_RNDN);
            if (mpfr_cmpabs(T, D1) > 0) mpfr_abs(D1, T, MPFR_RNDN);
            mpfr_mul_d(T, T, w[j], MPFR_RNDN); mpfr_add(L, L, T, MPFR_RNDN);
            mpfr_set_d(T, x[j], MPFR_RNDN); mpfr_sub_d(T, T, x0[j], MPFR_RNDN); mpfr_sqr(T, T, MPFR_RNDN);
            mpfr_add(D2, D2, T, MPFR_RNDN);
            mpfr_set_d(T, fabs(w[j]), MPFR_RNDN); mpfr_add(W1, W1, T, MPFR_RNDN);
            mpfr_set_d(T, w[j], MPFR_RNDN); mpfr_sqr(T, T, MPFR_RNDN); mpfr_add(W2, W2, T, MPFR_RNDN);
            mpfr_set_d(T, x0[j], MPFR_RNDN); mpfr_sqr(T, T, MPFR_RNDN); mpfr_add(X0, X0, T, MPFR_RNDN);
            mpfr_set_d(T, X[j], MPFR_RNDN); mpfr_sqr(T, T, MPFR_RNDN); mpfr_add(Z, Z, T, MPFR_RNDN);
            zd += x0[j] * X[j];
        }
        mpfr_abs(L, L, MPFR_RNDN);
        mpfr_mul(T, D1, W1, MPFR_RNDN);
        badlin += mpfr_cmp(L, T) > 0;
        mpfr_sqrt(D2, D2, MPFR_RNDN); mpfr_sqrt(W2, W2, MPFR_RNDN);
        mpfr_mul(T, D2, W2, MPFR_RNDN);
        badlin += mpfr_cmp(L, T) > 0;
        mpfr_sqrt(X0, X0, MPFR_RNDN); mpfr_sqrt(Z, Z, MPFR_RNDN);
        mpfr_mul(T, X0, Z, MPFR_RNDN);
        mpfr_mul_d(T, T, 1 + 1e-12, MPFR_RNDN); /* zd is a double sum; A10 holds for the exact one */
        badlin += mpfr_cmp_d(T, fabs(zd)) < 0;
    }
    ok(bad == 0, "A15: sum_i m_i <x - x0, x_i> + c <x0, x - x0> = <v + c x0, x - x0> exactly (GMP) on 2000 problems (%ld differ)", bad);
    ok(badlin == 0, "A10: |<w, x - x0>| within Hoelder's and Cauchy-Schwarz's bounds, |<x0, z>| <= |x0||z|, at 256 bits on 2000 problems (%ld violations)",
       badlin);
    mpq_clears(lhs, rhs, t, u, v, (mpq_ptr)0);
    mpfr_clears(L, W1, W2, D1, D2, X0, Z, T, (mpfr_ptr)0);
}

/* Theta at 256 bits for vectors x, z. */
static void mp_theta(mpfi_ptr r, const double *x, const double *z, long d)
{
    mpfi_t dot, nx, nz;
    mpfi_init2(dot, 256); mpfi_init2(nx, 256); mpfi_init2(nz, 256);
    mpiv_dot(dot, x, z, d);
    mpiv_dot(nx, x, x, d);
    mpiv_dot(nz, z, z, d);
    ntk_params p = ntk_default();
    ntk_eval_mp(r, &p, d, dot, nx, nz);
    mpfi_clear(dot); mpfi_clear(nx); mpfi_clear(nz);
}

static void test_ball_ranges(void)
{
    const long d = 6;
    double x0[6], z[6], x[6], l1, dlo = 0, dhi = 1;
    long bad_dot = 0, bad_norm = 0, bad_th = 0, bad_paper = 0, bad_dom = 0;
    mpfi_t th;
    mpfi_init2(th, 256);
    bound_ntk1_ctx k = bound_ntk1_init(d);
    for (int t = 0; t < 3000; t++) {
        int l2 = t % 2, dom = t % 3 == 0;
        double delta = pow(10, unif(-4, 0));
        l1 = 0;
        for (long j = 0; j < d; j++) {
            x0[j] = dom ? unif(0, 1) : unif(-1, 1);
            z[j] = t % 5 ? unif(-1, 1) : unif(0, 1);
            l1 += fabs(z[j]);
        }
        iv_t dot0 = iv_dot(x0, z, d), nz = iv_sqrt(iv_dot(z, z, d)), nx0 = iv_sqrt(iv_dot(x0, x0, d));
        iv_t A = l2 ? bound_dot_l2(dot0, nz.hi, delta) : bound_dot_linf(dot0, iv_up(iv_up(l1)), delta);
        iv_t Rn = l2 ? bound_norm_l2(nx0, delta) : bound_norm_box(x0, d, delta, dom ? dlo : -INFINITY, dom ? dhi : INFINITY);
        iv_t Ap = bound_dot_paper(dot0, nz.hi, delta, d), Rp = bound_norm_paper(nx0, delta, d);
        iv_t T = bound_ntk1(k, A, Rn, nz), Tp = bound_ntk1_paper(k, Ap, Rp, nz);
        for (int s = 0; s < 8; s++) {
            /* a point of the ball: a corner, or random; l_2 points on the sphere */
            double nrm = 0;
            for (long j = 0; j < d; j++) {
                double v = l2 ? rng_normal(&R) : (s < 2 ? (rng_u64(&R) & 1 ? 1 : -1) : unif(-1, 1));
                x[j] = v;
                nrm += v * v;
            }
            for (long j = 0; j < d; j++) {
                x[j] = x0[j] + delta * (l2 ? x[j] / sqrt(nrm) * (s < 4 ? 1 : rng_uniform(&R)) : x[j]);
                if (dom) x[j] = fmin(dhi, fmax(dlo, x[j])); /* towards x0: still in the ball */
            }
            double dd = 0, nn = 0;
            for (long j = 0; j < d; j++) { dd += x[j] * z[j]; nn += x[j] * x[j]; }
            if (l2) { double e = 0; for (long j = 0; j < d; j++) e += (x[j] - x0[j]) * (x[j] - x0[j]); if (e > delta * delta * (1 + 1e-12)) continue; }
            bad_dot += !(dd >= A.lo - 1e-15 && dd <= A.hi + 1e-15);
            bad_norm += !(sqrt(nn) >= Rn.lo - 1e-15 && sqrt(nn) <= Rn.hi + 1e-15);
            mp_theta(th, x, z, d);
            bad_th += !mpiv_subset_of_iv(th, T);
            if (!l2 && !dom) bad_paper += !mpiv_subset_of_iv(th, Tp);
            if (dom) bad_dom += !(x[0] >= dlo && x[0] <= dhi);
        }
    }
    ok(bad_dot == 0 && bad_norm == 0, "dot-product and norm ranges hold every sampled point of l_inf/l_2 balls and domains");
    ok(bad_th == 0, "bound_ntk1 contains Theta at 256 bits at every sampled point (%ld misses)", bad_th);
    ok(bad_paper == 0, "bound_ntk1_paper with the sqrt(d) ranges contains Theta at every sampled point (%ld misses)", bad_paper);
    ok(bad_dom == 0, "domain points stay in the domain");
    mpfi_clear(th);
    double e = bound_dot_error(1.0, 784);
    ok(e > 784 * 0x1p-53 && e < 1e-12, "the dot-product error bound for d = 784 is gamma_d (%.3e)", e);
}

/* bound_dot_box against exact rationals: the result contains <x, z> for
 * corners and random points x of the l_inf ball within the domain, and is
 * no wider than the exact range sum_k [l_k, u_k] z_k by more than rounding
 * ([l_k, u_k] = [x0_k - delta, x0_k + delta] ∩ [dlo, dhi]). */
static void test_dot_box(void)
{
    double x0[16], z[16], x[16], l[16], u[16];
    long miss = 0, wide = 0;
    mpq_t q, t, lo, hi, e;
    mpq_inits(q, t, lo, hi, e, NULL);
    for (int trial = 0; trial < 20000; trial++) {
        long d = 1 + (long)(rng_u64(&R) % 16);
        double delta = trial % 4 ? pow(2, unif(-40, 2)) : 0.0, dlo = -INFINITY, dhi = INFINITY;
        if (trial % 3) { dlo = unif(-1, 0); dhi = unif(0, 1); }
        for (long k = 0; k < d; k++) {
            x0[k] = dlo > -INFINITY ? unif(dlo, dhi) : unif(-1, 1) * pow(2, unif(-30, 30));
            if (rng_u64(&R) % 5 == 0 && dlo > -INFINITY) x0[k] = rng_u64(&R) & 1 ? dlo : dhi; /* on the domain's edge */
            z[k] = rng_u64(&R) % 3 ? unif(-1, 1) * pow(2, unif(-30, 30)) : 0.0;
        }
        iv_t r = bound_dot_box(x0, d, delta, dlo, dhi, z);
        mpq_set_ui(lo, 0, 1);
        mpq_set_ui(hi, 0, 1);
        for (long k = 0; k < d; k++) {
            /* exact ends: max(x0 - delta, dlo) and min(x0 + delta, dhi) as rationals */
            mpq_t a, b;
            mpq_inits(a, b, NULL);
            mpq_set_d(a, x0[k]); mpq_set_d(q, delta); mpq_sub(a, a, q);
            mpq_set_d(b, x0[k]); mpq_add(b, b, q);
            if (dlo > -INFINITY) {
                mpq_set_d(q, dlo); if (mpq_cmp(a, q) < 0) mpq_set(a, q);
                mpq_set_d(q, dhi); if (mpq_cmp(b, q) > 0) mpq_set(b, q);
            }
            l[k] = mpq_get_d(a); /* sample points: doubles inside [a, b] */
            u[k] = mpq_get_d(b);
            mpq_set_d(q, l[k]);
            if (mpq_cmp(a, q) > 0) l[k] = nextafter(l[k], INFINITY);
            mpq_set_d(q, u[k]);
            if (mpq_cmp(b, q) < 0) u[k] = nextafter(u[k], -INFINITY);
            mpq_set_d(t, z[k]);
            mpq_mul(q, z[k] >= 0 ? a : b, t);
            mpq_add(lo, lo, q);
            mpq_mul(q, z[k] >= 0 ? b : a, t);
            mpq_add(hi, hi, q);
            mpq_clears(a, b, NULL);
        }
        for (int s = 0; s < 4; s++) {
            mpq_set_ui(e, 0, 1);
            for (long k = 0; k < d; k++) {
                x[k] = s < 2 ? (rng_u64(&R) & 1 ? l[k] : u[k]) : l[k] + (u[k] - l[k]) * rng_uniform(&R);
                if (x[k] > u[k]) x[k] = u[k];
                mpq_set_d(q, x[k]);
                mpq_set_d(t, z[k]);
                mpq_mul(q, q, t);
                mpq_add(e, e, q);
            }
            mpq_set_d(q, r.lo);
            mpq_set_d(t, r.hi);
            miss += mpq_cmp(q, e) > 0 || mpq_cmp(e, t) > 0;
        }
        /* (r.hi - r.lo) - (hi - lo) <= 1e-12 sum_k (|x0_k| + delta) |z_k| + 1e-300 */
        double scale = 0;
        for (long k = 0; k < d; k++) scale += (fabs(x0[k]) + delta) * fabs(z[k]);
        mpq_set_d(q, r.hi);
        mpq_set_d(t, r.lo);
        mpq_sub(q, q, t);
        mpq_sub(q, q, hi);
        mpq_add(q, q, lo);
        wide += !(mpq_get_d(q) <= 1e-12 * scale + 1e-300);
    }
    ok(miss == 0, "bound_dot_box contains the exact <x, z> at 80000 corners and points of balls within domains (%ld misses)", miss);
    ok(wide == 0, "bound_dot_box is the exact range of <x, z> over the ball and domain but for rounding (%ld wider)", wide);
    mpq_clears(q, t, lo, hi, e, NULL);
}

/* A10: the inequalities of R^n the contracts assume (specs/bound.acsl.h,
 * axiomatic Inequalities), at 256 bits on random and extremal points: with
 * e = <x - x0, z>, |e| <= |x - x0|_inf |z|_1 (Hoelder), |e| <= |x - x0|_2 |z|_2
 * and |<x, z>| <= |x| |z| (Cauchy-Schwarz), ||x| - |x0|| <= |x - x0|_2
 * (triangle), |v|_inf <= |v|_2 <= sqrt(n) |v|_inf. Equality cases are among
 * the points, so a slack of 2^-240 relative is allowed for the rounding of
 * the 256-bit square roots. */
static void test_inequalities(void)
{
    enum { D = 24 };
    double x0[D], z[D], x[D];
    long bad[6] = {0};
    mpfr_t e, dxz, rinf, r2, n1, n2, nx, nx0, t, u;
    mpfr_inits2(256, e, dxz, rinf, r2, n1, n2, nx, nx0, t, u, (mpfr_ptr)0);
    for (int trial = 0; trial < 20000; trial++) {
        long d = 1 + (long)(rng_u64(&R) % D), kind = trial % 5;
        double delta = pow(2, unif(-20, 2));
        for (long k = 0; k < d; k++) {
            x0[k] = unif(-1, 1) * pow(2, unif(-8, 8));
            z[k] = unif(-1, 1) * pow(2, unif(-8, 8));
            double v = kind == 0 ? (z[k] >= 0 ? 1 : -1) /* Hoelder's equality */
                     : kind == 1 ? z[k]                  /* Cauchy-Schwarz's */
                     : kind == 2 ? x0[k]                 /* the triangle's */
                     : unif(-1, 1);
            x[k] = x0[k] + delta * v;
        }
        mpfr_set_ui(e, 0, MPFR_RNDN); mpfr_set_ui(dxz, 0, MPFR_RNDN); mpfr_set_ui(rinf, 0, MPFR_RNDN);
        mpfr_set_ui(r2, 0, MPFR_RNDN); mpfr_set_ui(n1, 0, MPFR_RNDN); mpfr_set_ui(n2, 0, MPFR_RNDN);
        mpfr_set_ui(nx, 0, MPFR_RNDN); mpfr_set_ui(nx0, 0, MPFR_RNDN);
        for (long k = 0; k < d; k++) {
            mpfr_set_d(t, x[k], MPFR_RNDN);
            mpfr_sub_d(t, t, x0[k], MPFR_RNDN);         /* x_k - x0_k, exact */
            mpfr_mul_d(u, t, z[k], MPFR_RNDN);
            mpfr_add(e, e, u, MPFR_RNDN);
            mpfr_abs(u, t, MPFR_RNDN);
            mpfr_max(rinf, rinf, u, MPFR_RNDN);
            mpfr_sqr(u, t, MPFR_RNDN);
            mpfr_add(r2, r2, u, MPFR_RNDN);
            mpfr_set_d(u, fabs(z[k]), MPFR_RNDN);
            mpfr_add(n1, n1, u, MPFR_RNDN);
            mpfr_set_d(u, z[k], MPFR_RNDN);
            mpfr_sqr(u, u, MPFR_RNDN);
            mpfr_add(n2, n2, u, MPFR_RNDN);
            mpfr_set_d(u, x[k], MPFR_RNDN);
            mpfr_mul_d(t, u, z[k], MPFR_RNDN);
            mpfr_add(dxz, dxz, t, MPFR_RNDN);
            mpfr_sqr(u, u, MPFR_RNDN);
            mpfr_add(nx, nx, u, MPFR_RNDN);
            mpfr_set_d(u, x0[k], MPFR_RNDN);
            mpfr_sqr(u, u, MPFR_RNDN);
            mpfr_add(nx0, nx0, u, MPFR_RNDN);
        }
        mpfr_sqrt(r2, r2, MPFR_RNDN); mpfr_sqrt(n2, n2, MPFR_RNDN);
        mpfr_sqrt(nx, nx, MPFR_RNDN); mpfr_sqrt(nx0, nx0, MPFR_RNDN);
        mpfr_abs(e, e, MPFR_RNDN);
        mpfr_abs(dxz, dxz, MPFR_RNDN);
#define LE(a, b, i) do { mpfr_mul_2si(u, b, -240, MPFR_RNDN); mpfr_add(u, u, b, MPFR_RNDN); bad[i] += mpfr_cmp(a, u) > 0; } while (0)
        mpfr_mul(t, rinf, n1, MPFR_RNDN); LE(e, t, 0);
        mpfr_mul(t, r2, n2, MPFR_RNDN);   LE(e, t, 1);
        mpfr_mul(t, nx, n2, MPFR_RNDN);   LE(dxz, t, 2);
        mpfr_sub(t, nx, nx0, MPFR_RNDN); mpfr_abs(t, t, MPFR_RNDN); LE(t, r2, 3);
        mpfr_sqrt_ui(t, (unsigned long)d, MPFR_RNDN); mpfr_mul(t, t, rinf, MPFR_RNDN); LE(r2, t, 4);
        LE(rinf, r2, 5);
#undef LE
    }
    ok(bad[0] == 0, "A10 Hoelder: |<x - x0, z>| <= |x - x0|_inf |z|_1 at 20000 points (%ld fail)", bad[0]);
    ok(bad[1] == 0 && bad[2] == 0, "A10 Cauchy-Schwarz: |<x - x0, z>| <= |x - x0|_2 |z|_2 and |<x, z>| <= |x||z| (%ld, %ld fail)", bad[1], bad[2]);
    ok(bad[3] == 0, "A10 triangle: ||x| - |x0|| <= |x - x0|_2 (%ld fail)", bad[3]);
    ok(bad[4] == 0 && bad[5] == 0, "A10 |v|_inf <= |v|_2 <= sqrt(n) |v|_inf (%ld, %ld fail)", bad[4], bad[5]);
    mpfr_clears(e, dxz, rinf, r2, n1, n2, nx, nx0, t, u, (mpfr_ptr)0);
}

/* A small random kernel machine. */
static km_model small_model(long n, long d, int loss, uint64_t seed, int depth)
{
    nc_data ds;
    rng_seed(&R, seed);
    ds.n = n; ds.d = d;
    ds.X = malloc((size_t)(n * d) * sizeof(double));
    ds.y = malloc((size_t)n * sizeof(double));
    for (long i = 0; i < n; i++) {
        double c = i % 2 ? 1 : -1;
        for (long j = 0; j < d; j++) ds.X[i * d + j] = fmin(1, fmax(0, 0.5 + 0.25 * c * (j < 2) + 0.2 * rng_normal(&R)));
        ds.y[i] = c;
    }
    km_spec s = km_spec_default();
    s.loss.kind = loss;
    s.lambda = 0.5;
    s.kernel.depth = depth;
    nc_err e;
    double *K = km_gram(&s, &ds, &e);
    km_model m;
    km_train(&m, &s, &ds, K, &e);
    free(K);
    data_free(&ds);
    return m;
}

static double g_at(const km_model *m, const double *x)
{
    double s = m->b;
    for (long i = 0; i < m->n; i++) s += m->alpha[i] * ntk_eval_vec(&m->spec.kernel, m->d, x, m->X + i * m->d);
    return s;
}

static void test_sampling(void)
{
    const long d = 6;
    long violations = 0, certified = 0, checked = 0, mpfi_bad = 0, refused = 0, byfirst = 0;
    for (int mi = 0; mi < 5; mi++) { /* the last: two hidden layers, the interval recursion */
        km_model m = small_model(30, d, mi % 2 ? LOSS_SQUARED : LOSS_HINGE, 100 + (uint64_t)mi, mi == 4 ? 2 : 1);
        for (int variant = 0; variant < 8; variant++) {
            cert_opts o = cert_opts_default();
            o.norm = variant & 1 ? BOUND_L2 : BOUND_LINF;
            o.mode = (cert_mode)(variant >> 1); /* tight, paper, first order, best */
            o.has_domain = !(variant & 1) && o.mode != CERT_PAPER && mi >= 2;
            cert_ctx *c;
            nc_err e;
            if (o.mode == CERT_FIRST && mi == 4) { /* two hidden layers: refused */
                refused += cert_prepare(&c, &m, &o, &e) == NC_EINPUT;
                continue;
            }
            if (cert_prepare(&c, &m, &o, &e)) { ok(0, "prepare: %s", e.msg); return; }
            for (int pt = 0; pt < 5; pt++) {
                double x0[6], x[6], y = pt % 2 ? 1 : -1;
                for (long j = 0; j < d; j++) x0[j] = fmin(1, fmax(0, 0.5 + 0.25 * y * (j < 2) + 0.1 * rng_normal(&R)));
                cert_result r;
                if (cert_point(c, x0, y, &r, &e) || !r.certified) continue;
                certified++;
                byfirst += o.mode == CERT_FIRST;
                /* 10^4 random points and all 64 corners of the certified ball */
                for (int s = 0; s < 10000 + 64; s++) {
                    double nrm = 0;
                    for (long j = 0; j < d; j++) {
                        double v = s >= 10000 ? ((s - 10000) >> j & 1 ? 1.0 : -1.0) : (o.norm == BOUND_L2 ? rng_normal(&R) : unif(-1, 1));
                        x[j] = v;
                        nrm += v * v;
                    }
                    for (long j = 0; j < d; j++) {
                        x[j] = x0[j] + r.delta * (o.norm == BOUND_L2 ? x[j] / sqrt(nrm) : x[j]);
                        if (o.has_domain) x[j] = fmin(o.dom_hi, fmax(o.dom_lo, x[j]));
                    }
                    double yg = y * g_at(&m, x);
                    checked++;
                    if (!(yg > 0) || yg < r.bound - 1e-12 * (1 + fabs(r.bound))) violations++;
                }
                /* MPFI at 128 bits at the returned radius */
                cert_opts om = o;
                om.precision = 128;
                cert_ctx *cm;
                double lb = -1;
                if (cert_prepare(&cm, &m, &om, &e) || cert_bound_at(cm, x0, y, r.delta, &lb, &e) || !(lb > 0)) mpfi_bad++;
                cert_free(cm);
            }
            cert_free(c);
        }
        km_free(&m);
    }
    ok(certified >= 120 && byfirst >= 30 && violations == 0,
       "sampling %ld points of %ld certified balls (l_inf, l_2, tight, paper, first order (%ld), best, domain, depth 1 "
       "and 2): g never below the bound nor of the wrong sign (%ld violations)", checked, certified, byfirst, violations);
    ok(refused == 2, "the first-order bound refuses a kernel with two hidden layers (l_inf and l_2)");
    ok(mpfi_bad == 0, "MPFI at 128 bits proves the bound > 0 at every certified radius (%ld of %ld fail)", mpfi_bad, certified);
}

static void test_closed_form(void)
{
    /* d = 1, one training point z = 1 with alpha = 2: g(x) = 2x for x > 0 and
     * 0 for x <= 0 (h(1) = 2 pi, h(-1) = 0), so the radius at x0 = 2 is 2 */
    double z = 1, x0 = 2, a = 2;
    km_model m;
    memset(&m, 0, sizeof m);
    m.spec = km_spec_default();
    m.n = 1; m.d = 1; m.n_train = 1;
    m.alpha = &a;
    m.X = &z;
    cert_opts o = cert_opts_default();
    o.rel_tol = 1e-6;
    o.delta_max = 10;
    cert_ctx *c;
    nc_err e;
    cert_result r;
    for (int norm = 0; norm < 2; norm++) {
        o.norm = norm ? BOUND_L2 : BOUND_LINF;
        int rc = cert_prepare(&c, &m, &o, &e) || cert_point(c, &x0, 1.0, &r, &e);
        ok(!rc && r.delta <= 2 && r.delta > 2 * (1 - 2e-6), "one training point in d = 1, l_%s: radius %.9f, exactly 2 to 1e-6",
           norm ? "2" : "inf", r.delta);
        cert_free(c);
    }
    int rc = cert_prepare(&c, &m, &o, &e) || cert_point(c, &x0, -1.0, &r, &e);
    ok(!rc && !r.certified && r.delta == 0, "the wrong label is not certified");
    cert_free(c);
    double bad = NAN;
    rc = cert_prepare(&c, &m, &o, &e);
    ok(!rc && cert_point(c, &bad, 1.0, &r, &e) == NC_EINPUT && strstr(e.msg, "not a finite number"),
       "a test point that is not a number is refused: %s", e.msg);
    cert_free(c);
    /* <x0, z> = 1e600 overflows: its enclosure is the whole line, so nothing is certified */
    double big = 1e300;
    m.X = &big;
    rc = cert_prepare(&c, &m, &o, &e) || cert_point(c, &big, 1.0, &r, &e);
    ok(!rc && !r.certified && r.delta == 0, "a dot product that overflows certifies nothing (rc %d, delta %g)", rc, r.delta);
    cert_free(c);
    m.X = &z;
    a = NAN;
    ok(cert_prepare(&c, &m, &o, &e) == NC_EINPUT && strstr(e.msg, "alpha_0"), "a model whose alpha is not a number is refused: %s",
       e.msg);
    a = 2;
    m.spec.kernel.depth = 0;
    ok(cert_prepare(&c, &m, &o, &e) == NC_EINPUT && strstr(e.msg, "depth"), "a model whose kernel has no layer is refused: %s",
       e.msg);
    m.spec.kernel.depth = 1;
    o.delta_max = -1;
    ok(cert_prepare(&c, &m, &o, &e) == NC_EINPUT && strstr(e.msg, "search range"), "an invalid search range: %s", e.msg);
}

/* Assumption A6: BLAS dgemm entries (cert_points) and dgemv entries (ibp.c)
 * are within bound_dot_error of the exact dot products (checked exactly with
 * MPFR at 4096 bits). */
static void test_blas_bound(void)
{
    const long m = 40, n = 60, d = 784;
    double *A = malloc(m * d * sizeof *A), *B = malloc(n * d * sizeof *B), *C = malloc(m * n * sizeof *C);
    double *Cv = malloc(m * n * sizeof *Cv), *col = malloc(m * sizeof *col);
    long bad = 0, badv = 0;
    for (int sgn = 0; sgn < 2; sgn++) {
        for (long i = 0; i < m * d; i++) A[i] = sgn ? rng_normal(&R) : rng_uniform(&R);
        for (long i = 0; i < n * d; i++) B[i] = sgn ? rng_normal(&R) * ldexp(1, (int)rng_below(&R, 40) - 20) : rng_uniform(&R);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)m, (int)n, (int)d, 1.0, A, (int)d, B, (int)d, 0.0, C, (int)n);
        for (long j = 0; j < n; j++) {
            cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)m, (int)d, 1.0, A, (int)d, B + j * d, 1, 0.0, col, 1);
            for (long i = 0; i < m; i++) Cv[i * n + j] = col[i];
        }
        mpfr_t acc, t, u;
        mpfr_init2(u, 4096);
        mpfr_init2(acc, 4096);
        mpfr_init2(t, 4096);
        for (long i = 0; i < m; i++)
            for (long j = 0; j < n; j++) {
                double ab = 0;
                mpfr_set_zero(acc, 1);
                for (long k = 0; k < d; k++) {
                    mpfr_set_d(t, A[i * d + k], MPFR_RNDN);
                    mpfr_mul_d(t, t, B[j * d + k], MPFR_RNDN); /* exact at 4096 bits */
                    mpfr_add(acc, acc, t, MPFR_RNDN);
                    ab += fabs(A[i * d + k] * B[j * d + k]);
                }
                mpfr_sub_d(u, acc, Cv[i * n + j], MPFR_RNDN);
                mpfr_sub_d(acc, acc, C[i * n + j], MPFR_RNDN);
                bad += fabs(mpfr_get_d(acc, MPFR_RNDU)) > bound_dot_error(ab, d);
                badv += fabs(mpfr_get_d(u, MPFR_RNDU)) > bound_dot_error(ab, d);
            }
        mpfr_clear(acc);
        mpfr_clear(t);
        mpfr_clear(u);
    }
    ok(bad == 0, "assumption A6: OpenBLAS dgemm entries lie within gamma_d of the exact dot products (4800 entries)");
    ok(badv == 0, "assumption A6: OpenBLAS dgemv entries lie within gamma_d of the exact dot products (4800 entries)");
    free(A); free(B); free(C); free(Cv); free(col);
}

/* The batched path gives the same certificates as one point at a time. */
static void test_batch(void)
{
    const long d = 6, np = 150;
    km_model m = small_model(30, d, LOSS_HINGE, 77, 1);
    cert_opts o = cert_opts_default();
    cert_ctx *c;
    nc_err e;
    double *X0 = malloc(np * d * sizeof *X0), *y = malloc(np * sizeof *y);
    for (long k = 0; k < np; k++) {
        y[k] = k % 2 ? 1 : -1;
        for (long j = 0; j < d; j++) X0[k * d + j] = fmin(1, fmax(0, 0.5 + 0.25 * y[k] * (j < 2) + 0.1 * rng_normal(&R)));
    }
    cert_result *rb = malloc(np * sizeof *rb);
    int rc = cert_prepare(&c, &m, &o, &e) || cert_points(c, X0, y, NULL, np, rb, &e);
    long diff = 0, cert = 0;
    for (long k = 0; !rc && k < np; k++) {
        cert_result r1;
        rc |= cert_point(c, X0 + k * d, y[k], &r1, &e);
        cert += r1.certified;
        diff += r1.certified != rb[k].certified || fabs(r1.delta - rb[k].delta) > 2e-3 * r1.delta;
    }
    ok(!rc && diff == 0 && cert > 100, "cert_points (BLAS dots, blocks, threads) agrees with cert_point on %ld points", np);
    cert_free(c);
    km_free(&m);
    free(X0); free(y); free(rb);
}

/* The first-order bound's central vector, seen through the bound: for a
 * small delta, y g(x0) - lb(delta) = delta |grad g(x0)|_q + O(delta^2), with
 * the gradient by central differences of g in double. And best's radius is
 * the largest of the three modes' on every point. */
static void test_first_order(void)
{
    const long d = 6;
    double worst = 0, twin = 0;
    long pts = 0, below = 0, best_pts = 0, gain = 0;
    for (int mi = 0; mi < 2; mi++) {
        km_model m = small_model(30, d, mi ? LOSS_SQUARED : LOSS_HINGE, 300 + (uint64_t)mi, 1);
        for (int l2 = 0; l2 < 2; l2++) {
            cert_ctx *c[4], *cm;
            nc_err e;
            for (int k = 0; k < 4; k++) {
                cert_opts o = cert_opts_default();
                o.norm = l2 ? BOUND_L2 : BOUND_LINF;
                o.mode = (cert_mode)k;
                cert_prepare(&c[k], &m, &o, &e);
                if (k == CERT_FIRST) {
                    o.precision = 256;
                    cert_prepare(&cm, &m, &o, &e);
                }
            }
            for (int pt = 0; pt < 8; pt++) {
                double x0[6], x[6], y = pt % 2 ? 1 : -1, grad[6], q = 0, lb0, lb;
                for (long j = 0; j < d; j++) x0[j] = fmin(1, fmax(0, 0.5 + 0.25 * y * (j < 2) + 0.1 * rng_normal(&R)));
                for (long j = 0; j < d; j++) {
                    const double h = 1e-5;
                    memcpy(x, x0, sizeof x);
                    x[j] = x0[j] + h;
                    double gp = g_at(&m, x);
                    x[j] = x0[j] - h;
                    grad[j] = (gp - g_at(&m, x)) / (2 * h);
                    q += l2 ? grad[j] * grad[j] : fabs(grad[j]);
                }
                q = l2 ? sqrt(q) : q;
                const double delta = 1e-6;
                if (cert_bound_at(c[CERT_FIRST], x0, y, 0, &lb0, &e) || cert_bound_at(c[CERT_FIRST], x0, y, delta, &lb, &e))
                    continue;
                pts++;
                worst = fmax(worst, fabs((lb0 - lb) / delta - q) / q);
                cert_result r[4];
                for (int k = 0; k < 4; k++) cert_point(c[k], x0, y, &r[k], &e);
                best_pts++;
                below += r[CERT_BEST].delta < fmax(r[CERT_TIGHT].delta, fmax(r[CERT_PAPER].delta, r[CERT_FIRST].delta));
                gain += r[CERT_FIRST].delta > r[CERT_TIGHT].delta;
                /* the MPFI twin at half the radius */
                double lbd, lbm;
                if (!cert_bound_at(c[CERT_FIRST], x0, y, r[CERT_FIRST].delta / 2, &lbd, &e) &&
                    !cert_bound_at(cm, x0, y, r[CERT_FIRST].delta / 2, &lbm, &e))
                    twin = fmax(twin, fabs(lbd - lbm) / (fabs(lb0) + 1e-300));
                else twin = INFINITY;
            }
            for (int k = 0; k < 4; k++) cert_free(c[k]);
            cert_free(cm);
        }
        km_free(&m);
    }
    ok(pts == 32 && worst < 1e-3, "first order: (y g(x0) - lb(1e-6)) / 1e-6 matches |grad g(x0)|_q by central differences "
       "(l_inf and l_2, %ld points, worst relative error %.2g)", pts, worst);
    ok(twin < 1e-6, "first order: the MPFI twin (256 bits) and the double bound agree at half the radius (worst "
       "difference %.2g of y g(x0), 32 points)", twin);
    ok(best_pts == 32 && below == 0, "best's radius is never below tight's, paper's or first order's (%ld points; first "
       "order beats tight on %ld)", best_pts, gain);
}

int main(void)
{
    rng_seed(&R, 4);
    test_h_pieces();
    test_h_family();
    test_grad_enclosure();
    test_norm_expansion();
    test_mean_value();
    test_interchange();
    test_quot_scale();
    test_ball_ranges();
    test_dot_box();
    test_inequalities();
    test_closed_form();
    test_sampling();
    test_first_order();
    test_blas_bound();
    test_batch();
    return tap_done();
}
