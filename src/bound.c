/* Enclosures over balls: see bound.h. */
#include "ntkcert/bound.h"

#include <math.h>
#include <stddef.h>

iv_t bound_hprime(iv_t a)
{
    iv_t pi = iv_pi(), one = iv_point(1.0);
    iv_t t = iv_mul(iv_point(2.0), iv_sub(pi, iv_acos(a)));
    return iv_add(t, iv_div(a, iv_sqrt(iv_sub(one, iv_sqr(a)))));
}

bound_hmin bound_hmin_bracket(void)
{
    /* h'(-0.9) < 0 < h'(-0.7); bisect while the sign at the midpoint is proven */
    double lo = -0.9, hi = -0.7;
    for (int k = 0; k < 60; k++) {
        double mid = 0.5 * (lo + hi);
        iv_t v = bound_hprime(iv_point(mid));
        if (v.hi < 0) lo = mid;
        else if (v.lo > 0) hi = mid;
        else break;
    }
    bound_hmin m = {lo, hi};
    return m;
}

/* At an endpoint u: enclosures of pi - acos(u) and sqrt(1 - u^2), shared by
 * h, k0 and sqrt(1 - u^2) so that each endpoint costs one acos. */
typedef struct { iv_t pac, s1m; } endpoint;

/*@ requires \is_finite(u) && -1 <= u <= 1;
    assigns \nothing;
    ensures valid_iv(\result.pac) && in_iv(\result.pac, pi - acos(u));
    ensures some_iv(\result.s1m) && in_iv(\result.s1m, \sqrt(1 - u * u));
*/
static endpoint at(double u)
{
    iv_t U = iv_point(u);
    //@ assert in_iv(U, u);
    iv_t A = iv_acos(U);
    //@ assert in_iv(A, acos(u));
    endpoint p = {iv_sub(iv_pi(), A), bound_sqrt1m(U)};
    return p;
}

static iv_t h_of(double u, endpoint p) { return iv_add(iv_mul(iv_point(2.0 * u), p.pac), p.s1m); } /* 2u exact */

/* h on an interval by plain interval evaluation (sound, loose when wide). */
static iv_t h_naive(iv_t a)
{
    iv_t t = iv_mul(iv_mul(iv_point(2.0), a), iv_sub(iv_pi(), iv_acos(a)));
    return iv_add(t, iv_sqrt(iv_intersect(iv_sub(iv_point(1.0), iv_sqr(a)), iv(0.0, 1.0))));
}

/* The three functions of u over a = [a.lo, a.hi] ⊂ [-1, 1], given the endpoints. */
static iv_t h_range(iv_t a, endpoint plo, endpoint phi, bound_hmin m)
{
    if (a.lo >= m.hi) return iv(h_of(a.lo, plo).lo, h_of(a.hi, phi).hi); /* increasing */
    if (a.hi <= m.lo) return iv(h_of(a.hi, phi).lo, h_of(a.lo, plo).hi); /* decreasing */
    /* a meets the bracket: the minimum lies in a ∩ [m.lo, m.hi] or at its ends */
    iv_t mid = h_naive(iv_intersect(a, iv(m.lo, m.hi)));
    double lo = mid.lo, hi = fmax(mid.hi, fmax(h_of(a.lo, plo).hi, h_of(a.hi, phi).hi));
    if (a.lo < m.lo) lo = fmin(lo, h_of(m.lo, at(m.lo)).lo);
    if (a.hi > m.hi) lo = fmin(lo, h_of(m.hi, at(m.hi)).lo);
    return iv(lo, hi); /* h < 0 on (-1, -0.394...): no clamp at 0 */
}

/* a ∩ [-1, 1], the domain of acos and of sqrt(1 - u^2). */
/*@ requires valid_iv(a);
    assigns \nothing;
    ensures valid_iv(\result) || (\is_plus_infinity(\result.lo) && \is_minus_infinity(\result.hi));
    ensures valid_iv(\result) ==> \is_finite(\result.lo) && \is_finite(\result.hi) && -1 <= \result.lo && \result.hi <= 1;
    ensures \forall real u; in_iv(a, u) && -1 <= u <= 1 ==> in_iv(\result, u);
*/
static iv_t clip_unit(iv_t a)
{
    iv_t box = iv(-1.0, 1.0);
    //@ assert \forall real u; -1 <= u <= 1 ==> in_iv(box, u);
    return iv_intersect(a, box);
}

iv_t bound_h(iv_t a, bound_hmin m)
{
    a = clip_unit(a);
    if (iv_is_empty(a)) return iv_empty();
    return h_range(a, at(a.lo), at(a.hi), m);
}

/* a ∩ [0, 1], for reals known to lie in [0, 1]. */
/*@ requires valid_iv(a);
    assigns \nothing;
    ensures valid_iv(\result) || (\is_plus_infinity(\result.lo) && \is_minus_infinity(\result.hi));
    ensures \forall real x; in_iv(a, x) && 0 <= x <= 1 ==> in_iv(\result, x);
*/
static iv_t clamp01(iv_t a)
{
    iv_t unit = iv(0.0, 1.0);
    //@ assert \forall real x; 0 <= x <= 1 ==> in_iv(unit, x);
    return iv_intersect(a, unit);
}

iv_t bound_k0(iv_t a)
{
    iv_t c = clip_unit(a);
    if (iv_is_empty(c)) return iv_empty();
    //@ assert \is_finite(c.lo) && \is_finite(c.hi) && -1 <= c.lo <= c.hi <= 1;
    iv_t P = iv_pi();
    iv_t ql = iv_div(at(c.lo).pac, P), qh = iv_div(at(c.hi).pac, P);
    //@ assert ends: in_iv(ql, quot(pi - acos(c.lo), pi)) && in_iv(qh, quot(pi - acos(c.hi), pi));
    iv_t r = {ql.lo, qh.hi};
    //@ assert inside: \forall real u; in_iv(a, u) && -1 <= u <= 1 ==> c.lo <= u <= c.hi;
    /*@ assert increasing: \forall real u; c.lo <= u <= c.hi ==>
          quot(pi - acos(c.lo), pi) <= quot(pi - acos(u), pi) <= quot(pi - acos(c.hi), pi); */
    //@ assert below(r.lo, quot(pi - acos(c.lo), pi)) && above(r.hi, quot(pi - acos(c.hi), pi));
    //@ assert rise_lo: \forall real u; c.lo <= u <= c.hi ==> below(r.lo, quot(pi - acos(u), pi));
    //@ assert rise_hi: \forall real u; c.lo <= u <= c.hi ==> above(r.hi, quot(pi - acos(u), pi));
    //@ assert rising: \forall real u; in_iv(a, u) && -1 <= u <= 1 ==> in_iv(r, quot(pi - acos(u), pi));
    //@ assert unit: \forall real u; -1 <= u <= 1 ==> 0 <= quot(pi - acos(u), pi) <= 1;
    return clamp01(r);
}

/* Plain interval evaluation is exact here up to rounding: iv_sqr gives the
 * range of u^2 (0 when a holds 0), and 1 - v and sqrt are monotone. */
iv_t bound_sqrt1m(iv_t a)
{
    iv_t one = iv_point(1.0);
    //@ assert \forall real u; in_iv(a, u) && -1 <= u <= 1 ==> 0 <= 1 - u * u <= 1;
    //@ assert in_iv(one, 1);
    iv_t c = clip_unit(a);
    if (iv_is_empty(c)) return iv_empty();
    iv_t S = iv_sqr(c);
    //@ assert sq: \forall real u; in_iv(a, u) && -1 <= u <= 1 ==> in_iv(S, u * u);
    iv_t T = iv_sub(one, S);
    //@ assert sub: \forall real u; in_iv(a, u) && -1 <= u <= 1 ==> in_iv(T, 1 - u * u);
    iv_t D = clamp01(T);
    //@ assert cut: \forall real u; in_iv(a, u) && -1 <= u <= 1 ==> in_iv(D, 1 - u * u) && 0 <= 1 - u * u;
    if (iv_is_empty(D)) return iv_empty();
    return iv_sqrt(D);
}

/* t + [-r, r]: it holds every y within r of a real of t. */
/*@ requires valid_iv(t) && hi_ok(r);
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real x, y; in_iv(t, x) && above(r, y - x) && above(r, x - y) ==> in_iv(\result, y);
*/
static iv_t plus_minus(iv_t t, double r)
{
    iv_t pm = {-r, r};
    //@ assert \forall real e; above(r, e) && above(r, -e) ==> in_iv(pm, e);
    iv_t s = iv_add(t, pm);
    //@ assert \forall real x, y; in_iv(t, x) && in_iv(pm, y - x) ==> in_iv(s, x + (y - x));
    return s;
}

iv_t bound_dot_linf(iv_t dot0, double l1, double delta)
{
    double r = iv_mul_up(l1, delta);
    //@ assert \forall real e; small(e, l1 * delta) ==> above(r, e) && above(r, -e);
    return plus_minus(dot0, r);
}

iv_t bound_dot_l2(iv_t dot0, double l2, double delta) { return bound_dot_linf(dot0, l2, delta); }

/* Contains sqrt(d) delta. */
/*@ requires \is_finite(delta) && 0 <= delta && 0 <= d <= 0x1p53;
    assigns \nothing;
    ensures valid_iv(\result) && in_iv(\result, \sqrt(d) * delta);
*/
static iv_t sqrt_d_delta(double delta, long d)
{
    iv_t D = iv_point(iv_long(d));
    //@ assert in_iv(D, d);
    iv_t s = iv_sqrt(D), t = iv_point(delta);
    //@ assert in_iv(s, \sqrt(d)) && in_iv(t, delta);
    return iv_mul(s, t);
}

iv_t bound_dot_paper(iv_t dot0, double l2, double delta, long d)
{
    iv_t q = sqrt_d_delta(delta, d), t = iv_point(l2);
    //@ assert in_iv(t, l2);
    iv_t r = iv_mul(q, t);
    //@ assert above(r.hi, \sqrt(d) * delta * l2);
    //@ assert \forall real e; small(e, \sqrt(d) * delta * l2) ==> above(r.hi, e) && above(r.hi, -e);
    return plus_minus(dot0, r.hi);
}

iv_t bound_coord(double x0k, double delta, double dlo, double dhi)
{
    iv_t p = iv_point(x0k);
    //@ assert in_iv(p, x0k);
    iv_t c = plus_minus(p, delta);
    //@ assert ball: \forall real x; small(x - x0k, delta) ==> in_iv(c, x);
    iv_t r = iv_intersect(c, iv(dlo, dhi));
    return iv_is_empty(r) ? c : r; /* x0 outside the domain: the ball alone */
}

iv_t bound_norm_box(const double *x0, long d, double delta, double dlo, double dhi)
{
    iv_t s = iv_point(0.0);
    /*@ loop invariant 0 <= k <= d && valid_iv(s);
        loop invariant \forall vec x; in_linf_ball(x, x0, d, delta) && in_box(x, d, dlo, dhi) ==>
          0 <= sumsq(x, k) && in_iv(s, sumsq(x, k));
        loop assigns k, s;
        loop variant d - k;
    */
    for (long k = 0; k < d; k++) {
        iv_t c = bound_coord(x0[k], delta, dlo, dhi);
        //@ assert coord: \forall vec x; in_linf_ball(x, x0, d, delta) && in_box(x, d, dlo, dhi) ==> in_iv(c, coord(x, k));
        iv_t q = iv_sqr(c);
        //@ assert square: \forall vec x; in_linf_ball(x, x0, d, delta) && in_box(x, d, dlo, dhi) ==> in_iv(q, coord(x, k) * coord(x, k));
        //@ assert nonneg: \forall vec x; in_iv(q, coord(x, k) * coord(x, k)) ==> 0 <= coord(x, k) * coord(x, k);
        s = iv_add(s, q);
    }
    //@ assert sum: \forall vec x; in_linf_ball(x, x0, d, delta) && in_box(x, d, dlo, dhi) ==> 0 <= sumsq(x, d) && in_iv(s, sumsq(x, d));
    return iv_sqrt(s);
}

/* a ∩ [0, +inf), for reals known to be >= 0. */
/*@ requires valid_iv(a);
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real x; in_iv(a, x) && 0 <= x ==> in_iv(\result, x);
*/
static iv_t nonneg(iv_t a)
{
    if (isfinite(a.lo) && a.lo > 0) return a;
    iv_t r = {0.0, a.hi};
    return r;
}

iv_t bound_norm_l2(iv_t nx0, double delta)
{
    iv_t r = plus_minus(nx0, delta);
    //@ assert \forall real n, e; in_iv(nx0, n) && small(e, delta) ==> in_iv(r, n + e);
    return nonneg(r);
}

iv_t bound_norm_paper(iv_t nx0, double delta, long d) { return nonneg(plus_minus(nx0, sqrt_d_delta(delta, d).hi)); }

/* u = <x,z>/(|x||z|) over the ranges; [-1, 1] when |x||z| may be 0. */
static iv_t u_range(iv_t dot, iv_t q)
{
    if (!(q.lo > 0)) return iv(-1.0, 1.0);
    iv_t u = iv_intersect(iv_div(dot, q), iv(-1.0, 1.0));
    return iv_is_empty(u) ? iv(-1.0, 1.0) : u;
}

bound_ntk1_ctx bound_ntk1_init(long d)
{
    iv_t one = iv_point(1.0), D = iv_point((double)d);
    bound_ntk1_ctx k = {d, iv_div(one, D), iv_div(one, iv_pi()),
                        iv_div(one, iv_mul(iv_mul(iv_point(2.0), iv_pi()), D)), bound_hmin_bracket()};
    return k;
}

/* The h form |x||z| h(u) / (2 pi d), the paper's (its radii match Table 3),
 * and, unless paper, the two-term form, from one evaluation at each end of
 * u; the two contain Theta, so their intersection does. */
static iv_t ntk1(const bound_ntk1_ctx *k, iv_t dot, iv_t nx, iv_t nz, int paper)
{
    iv_t q = iv_mul(nx, nz), u = u_range(dot, q);
    endpoint plo = at(u.lo), phi = u.hi == u.lo ? plo : at(u.hi);
    iv_t f1 = iv_mul(iv_mul(q, h_range(u, plo, phi, k->hm)), k->inv2pid);
    if (paper) return f1;
    iv_t k0 = iv_intersect(iv(iv_mul(plo.pac, k->invpi).lo, iv_mul(phi.pac, k->invpi).hi), iv(0.0, 1.0));
    iv_t f2 = iv_add(iv_mul(iv_mul(dot, k0), k->invd), iv_mul(iv_mul(q, bound_sqrt1m(u)), k->inv2pid));
    iv_t r = iv_intersect(f1, f2);
    return iv_is_empty(r) ? iv_hull(f1, f2) : r; /* both contain Theta: never empty */
}

iv_t bound_ntk1_paper(const bound_ntk1_ctx *k, iv_t dot, iv_t nx, iv_t nz) { return ntk1(k, dot, nx, nz, 1); }

iv_t bound_ntk1(const bound_ntk1_ctx *k, iv_t dot, iv_t nx, iv_t nz) { return ntk1(k, dot, nx, nz, 0); }

double bound_dot_error(double absdot, long d)
{
    /* gamma_d = d u / (1 - d u), u = 2^-53; absdot itself may be low by gamma_d */
    double du = (double)d * 0x1p-53, g = du / (1.0 - 2.0 * du);
    iv_t e = iv_mul(iv_point(g * (1.0 + 4.0 * du)), iv_point(absdot));
    return iv_up(e.hi + (double)(2 * d + 2) * 0x1p-1074);
}
