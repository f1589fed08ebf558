/* Enclosures over balls: see bound.h. */
#include "ntkcert/bound.h"

#include <math.h>
#include <stddef.h>

/* At an endpoint u: enclosures of pi - acos(u) and sqrt(1 - u^2), shared by
 * h, k0 and the two-term form so that each endpoint costs one acos. */
typedef struct { iv_t pac, s1m; } endpoint;
/*@ predicate ends(endpoint p, real u) =
      valid_iv(p.pac) && in_iv(p.pac, pi - acos(u)) && valid_iv(p.s1m) && in_iv(p.s1m, \sqrt(1 - u * u));
*/

/*@ requires \is_finite(u) && -1 <= u <= 1;
    assigns \nothing;
    ensures ends(\result, u);
*/
static endpoint at(double u)
{
    iv_t U = iv_point(u);
    //@ assert in_iv(U, u);
    iv_t A = iv_acos(U);
    //@ assert in_iv(A, acos(u));
    endpoint p = {iv_sub(iv_pi(), A), bound_sqrt1m(U)};
    //@ assert in_iv(p.s1m, \sqrt(1 - u * u));
    return p;
}

/* pi - acos increases: its range over [a.lo, a.hi] from its ends. */
/*@ requires \is_finite(a.lo) && \is_finite(a.hi) && -1 <= a.lo <= a.hi <= 1;
    requires valid_iv(pl) && in_iv(pl, pi - acos(a.lo)) && valid_iv(ph) && in_iv(ph, pi - acos(a.hi));
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real u; a.lo <= u <= a.hi ==> in_iv(\result, pi - acos(u));
*/
static iv_t pac_range(iv_t a, iv_t pl, iv_t ph)
{
    (void)a; /* a is read by the contract only */
    //@ assert pac_mono: \forall real u; a.lo <= u <= a.hi ==> pi - acos(a.lo) <= pi - acos(u) <= pi - acos(a.hi);
    return iv(pl.lo, ph.hi);
}

/* h(u) = 2u(pi - acos u) + sqrt(1 - u^2) at an endpoint. */
/*@ requires \is_finite(u) && -1 <= u <= 1 && ends(p, u);
    assigns \nothing;
    ensures valid_iv(\result) && in_iv(\result, h(u));
*/
static iv_t h_of(double u, endpoint p)
{
    iv_t U = iv_point(u);
    //@ assert in_iv(U, u);
    iv_t t = iv_mul(U, p.pac);
    //@ assert in_iv(t, u * (pi - acos(u)));
    iv_t t2 = iv_add(t, t);
    //@ assert in_iv(t2, 2 * u * (pi - acos(u)));
    return iv_add(t2, p.s1m);
}

/* h on [x, y] where it decreases: [h(y), h(x)]. */
/*@ requires \is_finite(x) && \is_finite(y) && -1 <= x <= y <= hstar && ends(px, x) && ends(py, y);
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real u; x <= u <= y ==> in_iv(\result, h(u));
*/
static iv_t h_dec(double x, double y, endpoint px, endpoint py)
{
    iv_t hx = h_of(x, px), hy = h_of(y, py);
    //@ assert h_dec_mono: \forall real u; x <= u <= y ==> h(y) <= h(u) && h(u) <= h(x);
    return iv(hy.lo, hx.hi);
}

/* h on [x, y] where it increases: [h(x), h(y)]. */
/*@ requires \is_finite(x) && \is_finite(y) && hstar <= x <= y <= 1 && ends(px, x) && ends(py, y);
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real u; x <= u <= y ==> in_iv(\result, h(u));
*/
static iv_t h_inc(double x, double y, endpoint px, endpoint py)
{
    iv_t hx = h_of(x, px), hy = h_of(y, py);
    //@ assert h_inc_mono: \forall real u; x <= u <= y ==> h(x) <= h(u) && h(u) <= h(y);
    return iv(hx.lo, hy.hi);
}

/* h over a = [a.lo, a.hi] ⊂ [-1, 1], given its ends: from the ends on each
 * monotone piece; when a may hold the minimiser hstar, from below by h's
 * minimum and from above by the larger end (h decreases, then increases). */
/*@ requires valid_iv(a) && \is_finite(a.lo) && \is_finite(a.hi) && -1 <= a.lo <= a.hi <= 1;
    requires ends(plo, a.lo) && ends(phi, a.hi);
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real u; in_iv(a, u) ==> in_iv(\result, h(u));
*/
static iv_t h_range(iv_t a, endpoint plo, endpoint phi)
{
    if (a.lo >= BOUND_HMIN_HI) return h_inc(a.lo, a.hi, plo, phi);
    if (a.hi <= BOUND_HMIN_LO) return h_dec(a.lo, a.hi, plo, phi);
    iv_t l = h_of(a.lo, plo), r = h_of(a.hi, phi);
    //@ assert low1: \forall real u; -1 <= u <= hstar ==> h(hstar) <= h(u);
    //@ assert low2: \forall real u; hstar <= u <= 1 ==> h(hstar) <= h(u);
    //@ assert low: \forall real u; -1 <= u <= 1 ==> BOUND_H_MIN <= h(u);
    //@ assert left: \forall real u; a.lo <= u <= hstar ==> h(u) <= h(a.lo);
    //@ assert hr_right: \forall real u; hstar <= u <= a.hi ==> h(u) <= h(a.hi);
    return iv(BOUND_H_MIN, l.hi > r.hi ? l.hi : r.hi); /* h < 0 on (-1, -0.394...): no clamp at 0 */
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

iv_t bound_h(iv_t a)
{
    iv_t c = clip_unit(a);
    if (iv_is_empty(c)) return iv_empty();
    //@ assert \is_finite(c.lo) && \is_finite(c.hi) && -1 <= c.lo <= c.hi <= 1;
    return h_range(c, at(c.lo), at(c.hi));
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
    /*@ assert k0_increasing: \forall real u; c.lo <= u <= c.hi ==>
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
    //@ assert sqrt1m_range: \forall real u; in_iv(a, u) && -1 <= u <= 1 ==> 0 <= 1 - u * u <= 1;
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

double bound_l1(const double *z, long n)
{
    iv_t s = iv_point(0.0);
    //@ assert in_iv(s, 0);
    /*@ loop invariant 0 <= k <= n;
        loop invariant valid_iv(s) && in_iv(s, l1norm(z, k));
        loop assigns k, s;
        loop variant n - k;
    */
    for (long k = 0; k < n; k++) {
        iv_t a = iv_point(z[k] < 0 ? -z[k] : z[k]);
        //@ assert abs: in_iv(a, \abs(z[k]));
        s = iv_add(s, a);
        //@ assert sum: in_iv(s, l1norm(z, k) + \abs(z[k]));
    }
    return s.hi;
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

iv_t bound_dot_enclose(double v, double absdot, long d)
{
    iv_t V = iv_point(v);
    //@ assert in_iv(V, v);
    return plus_minus(V, bound_dot_error(absdot, d));
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
        //@ assert norm_box_nonneg: \forall vec x; in_iv(q, coord(x, k) * coord(x, k)) ==> 0 <= coord(x, k) * coord(x, k);
        s = iv_add(s, q);
    }
    //@ assert sum: \forall vec x; in_linf_ball(x, x0, d, delta) && in_box(x, d, dlo, dhi) ==> 0 <= sumsq(x, d) && in_iv(s, sumsq(x, d));
    return iv_sqrt(s);
}

iv_t bound_dot_box(const double *x0, long d, double delta, double dlo, double dhi, const double *z)
{
    iv_t s = iv_point(0.0);
    /*@ loop invariant 0 <= k <= d && valid_iv(s);
        loop invariant \forall vec x; in_linf_ball(x, x0, d, delta) && in_box(x, d, dlo, dhi) ==>
          in_iv(s, dotv(x, z, k));
        loop assigns k, s;
        loop variant d - k;
    */
    for (long k = 0; k < d; k++) {
        if (z[k] == 0) { /* most pixels: the term is exactly 0 */
            //@ assert dot_box_zk: \forall vec x; coord(x, k) * z[k] == 0;
            //@ assert zero: \forall vec x; dotv(x, z, k + 1) == dotv(x, z, k) + coord(x, k) * z[k];
            continue;
        }
        iv_t c = bound_coord(x0[k], delta, dlo, dhi), w = iv_point(z[k]);
        //@ assert coord: \forall vec x; in_linf_ball(x, x0, d, delta) && in_box(x, d, dlo, dhi) ==> in_iv(c, coord(x, k));
        //@ assert point: in_iv(w, z[k]);
        iv_t t = iv_mul(c, w);
        //@ assert term: \forall vec x; in_linf_ball(x, x0, d, delta) && in_box(x, d, dlo, dhi) ==> in_iv(t, coord(x, k) * z[k]);
        s = iv_add(s, t);
    }
    return s;
}

iv_t bound_dot_set(int paper, int l2, int dom, const double *x0, const double *z, long d, double delta,
                    double dlo, double dhi, iv_t dot0, double l1, double s)
{
    iv_t A;
    if (!isfinite(l1) || !isfinite(s) || !(l1 >= 0)) { /* no data has these */
        A = iv(-iv_inf(), iv_inf());
    } else if (l2) {
        A = bound_dot_l2(dot0, s, delta);
        /*@ assert \forall vec x; in_set(x, x0, d, delta, l2, dom, dlo, dhi) ==>
              small(dotv(x, z, d) - dotp(x0, z, d), s * delta); */
        /*@ assert \forall vec x; in_set(x, x0, d, delta, l2, dom, dlo, dhi) ==>
              in_iv(A, dotp(x0, z, d) + (dotv(x, z, d) - dotp(x0, z, d))); */
    } else if (paper) {
        A = bound_dot_paper(dot0, s, delta, d);
        //@ assert \forall vec x; in_set(x, x0, d, delta, l2, dom, dlo, dhi) ==> in_linf_ball(x, x0, d, delta);
        /*@ assert \forall vec x; in_linf_ball(x, x0, d, delta) ==>
              small(dotv(x, z, d) - dotp(x0, z, d), \sqrt(d) * delta * s); */
        /*@ assert \forall vec x; in_set(x, x0, d, delta, l2, dom, dlo, dhi) ==>
              in_iv(A, dotp(x0, z, d) + (dotv(x, z, d) - dotp(x0, z, d))); */
    } else {
        A = bound_dot_linf(dot0, l1, delta);
        /*@ assert \forall vec x; in_set(x, x0, d, delta, l2, dom, dlo, dhi) ==>
              small(dotv(x, z, d) - dotp(x0, z, d), l1 * delta); */
        /*@ assert \forall vec x; in_set(x, x0, d, delta, l2, dom, dlo, dhi) ==>
              in_iv(A, dotp(x0, z, d) + (dotv(x, z, d) - dotp(x0, z, d))); */
    }
    if (dom && !paper) {
        iv_t B = bound_dot_box(x0, d, delta, dlo, dhi, z);
        //@ assert \forall vec x; in_set(x, x0, d, delta, l2, dom, dlo, dhi) ==> in_linf_ball(x, x0, d, delta) && in_box(x, d, dlo, dhi);
        iv_t C = iv_intersect(A, B);
        if (!iv_is_empty(C)) A = C;
    }
    return A;
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
/*@ requires valid_iv(dot) && valid_iv(q);
    assigns \nothing;
    ensures valid_iv(\result) && \is_finite(\result.lo) && \is_finite(\result.hi);
    ensures -1 <= \result.lo <= \result.hi <= 1;
    ensures \forall real t, Q; in_iv(dot, t) && in_iv(q, Q) && 0 <= Q && small(t, Q) ==>
      in_iv(\result, cosine(t, Q));
*/
static iv_t u_range(iv_t dot, iv_t q)
{
    iv_t unit = iv(-1.0, 1.0);
    //@ assert \forall real t, Q; 0 <= Q && small(t, Q) ==> in_iv(unit, cosine(t, Q));
    if (!(q.lo > 0)) return unit;
    iv_t u = iv_intersect(iv_div(dot, q), unit);
    return iv_is_empty(u) ? unit : u;
}

bound_ntk1_ctx bound_ntk1_init(long d)
{
    iv_t D = iv_point(iv_long(d));
    //@ assert in_iv(D, d);
    iv_t two = iv_point(2.0), Pi = iv_pi();
    //@ assert in_iv(two, 2) && in_iv(Pi, pi);
    iv_t two_pi = iv_mul(two, Pi);
    //@ assert in_iv(two_pi, 2 * pi);
    iv_t den = iv_mul(two_pi, D);
    //@ assert in_iv(den, 2 * pi * d) && 2 * pi * d != 0;
    bound_ntk1_ctx k = {d, iv_div(iv_point(1.0), den)};
    return k;
}

/* Premise of the NTK's ranges: <x,z> = t in dot, |x||z| = Q in q, |t| <= Q. */
/*@ predicate cs(iv_t dot, iv_t q, real t, real Q) = in_iv(dot, t) && in_iv(q, Q) && small(t, Q); */

/* The h form |x||z| h(u) / (2 pi d), the paper's (its radii match Table 3),
 * from H containing h(u). */
/*@ requires 1 <= d <= 0x1p53 && valid_iv(K) && in_iv(K, quot(1, 2 * pi * d));
    requires valid_iv(q) && valid_iv(H);
    requires \forall real t, Q; cs(dot, q, t, Q) ==> in_iv(H, h(cosine(t, Q)));
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real t, Q; cs(dot, q, t, Q) ==> in_iv(\result, ntk1(t, Q, d));
*/
static iv_t h_form(long d, iv_t K, iv_t dot, iv_t q, iv_t H)
{
    (void)d, (void)dot; /* read by the contract only */
    iv_t QH = iv_mul(q, H);
    //@ assert qh: \forall real t, Q; cs(dot, q, t, Q) ==> in_iv(QH, Q * h(cosine(t, Q)));
    return iv_mul(QH, K);
}

/* The two-term form (2 <x,z> (pi - acos u) + |x||z| sqrt(1 - u^2)) / (2 pi d),
 * from u containing the cosine and A containing pi - acos u. */
/*@ requires 1 <= d <= 0x1p53 && valid_iv(K) && in_iv(K, quot(1, 2 * pi * d));
    requires valid_iv(dot) && valid_iv(q) && valid_iv(A);
    requires valid_iv(u) && \is_finite(u.lo) && \is_finite(u.hi) && -1 <= u.lo <= u.hi <= 1;
    requires \forall real t, Q; cs(dot, q, t, Q) ==> in_iv(u, cosine(t, Q)) && -1 <= cosine(t, Q) <= 1;
    requires \forall real t, Q; cs(dot, q, t, Q) ==> in_iv(A, pi - acos(cosine(t, Q)));
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real t, Q; cs(dot, q, t, Q) ==> in_iv(\result, ntk1(t, Q, d));
*/
static iv_t two_form(long d, iv_t K, iv_t dot, iv_t q, iv_t u, iv_t A)
{
    (void)d; /* read by the contract only */
    iv_t S = bound_sqrt1m(u);
    //@ assert in_iv(u, u.lo);
    //@ assert in_iv(S, \sqrt(1 - u.lo * u.lo));
    //@ assert sc: \forall real t, Q; cs(dot, q, t, Q) ==> in_iv(S, \sqrt(1 - cosine(t, Q) * cosine(t, Q)));
    iv_t D2 = iv_add(dot, dot);
    //@ assert d2: \forall real t; in_iv(dot, t) ==> in_iv(D2, t + t);
    iv_t DA = iv_mul(D2, A);
    //@ assert da: \forall real t, Q; cs(dot, q, t, Q) ==> in_iv(DA, (t + t) * (pi - acos(cosine(t, Q))));
    iv_t QS = iv_mul(q, S);
    //@ assert qs: \forall real t, Q; cs(dot, q, t, Q) ==> in_iv(QS, Q * \sqrt(1 - cosine(t, Q) * cosine(t, Q)));
    iv_t T = iv_add(DA, QS);
    //@ assert tt: \forall real t, Q; cs(dot, q, t, Q) ==> in_iv(T, Q * h(cosine(t, Q)));
    return iv_mul(T, K);
}

/* The h form and, unless paper, the two-term form, from one evaluation at
 * each end of u; the two contain Theta, so their intersection does. */
/*@ requires 1 <= d <= 0x1p53 && valid_iv(K) && in_iv(K, quot(1, 2 * pi * d));
    requires valid_iv(dot) && valid_iv(nx) && valid_iv(nz);
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real t, p, s; in_iv(dot, t) && in_iv(nx, p) && in_iv(nz, s) && 0 <= p && 0 <= s &&
      small(t, p * s) ==> in_iv(\result, ntk1(t, p * s, d));
*/
static iv_t ntk1(long d, iv_t K, iv_t dot, iv_t nx, iv_t nz, int paper)
{
    iv_t q = iv_mul(nx, nz);
    //@ assert qc: \forall real p, s; in_iv(nx, p) && in_iv(nz, s) ==> in_iv(q, p * s);
    iv_t u = u_range(dot, q);
    //@ assert uc: \forall real t, Q; cs(dot, q, t, Q) ==> in_iv(u, cosine(t, Q)) && -1 <= cosine(t, Q) <= 1;
    endpoint plo = at(u.lo), phi = u.hi == u.lo ? plo : at(u.hi);
    iv_t H = h_range(u, plo, phi);
    //@ assert hc: \forall real t, Q; cs(dot, q, t, Q) ==> in_iv(H, h(cosine(t, Q)));
    iv_t f1 = h_form(d, K, dot, q, H);
    if (paper) return f1;
    iv_t A = pac_range(u, plo.pac, phi.pac);
    //@ assert ac: \forall real t, Q; cs(dot, q, t, Q) ==> in_iv(A, pi - acos(cosine(t, Q)));
    iv_t f2 = two_form(d, K, dot, q, u, A);
    iv_t r = iv_intersect(f1, f2);
    return iv_is_empty(r) ? iv_hull(f1, f2) : r; /* both contain Theta: never empty */
}

iv_t bound_ntk1_paper(bound_ntk1_ctx k, iv_t dot, iv_t nx, iv_t nz)
{
    return ntk1(k.d, k.inv2pid, dot, nx, nz, 1);
}

iv_t bound_ntk1(bound_ntk1_ctx k, iv_t dot, iv_t nx, iv_t nz)
{
    return ntk1(k.d, k.inv2pid, dot, nx, nz, 0);
}

/* hprime(u) at an endpoint u of (-1, 1), from its pi - acos u and sqrt(1 - u^2). */
/*@ requires \is_finite(u) && -1 < u < 1 && ends(p, u);
    assigns \nothing;
    ensures valid_iv(\result) && in_iv(\result, hprime(u));
*/
static iv_t dh_of(double u, endpoint p)
{
    iv_t U = iv_point(u);
    //@ assert in_iv(U, u);
    //@ assert dh_gap: 0 < 1 - u * u;
    //@ assert \sqrt(1 - u * u) != 0;
    iv_t q = iv_div(U, p.s1m);
    //@ assert in_iv(q, quot(u, \sqrt(1 - u * u)));
    iv_t a2 = iv_add(p.pac, p.pac);
    //@ assert in_iv(a2, 2 * (pi - acos(u)));
    return iv_add(a2, q);
}

/* kr(u) = (1 - 2u^2) / sqrt(1 - u^2) at an endpoint u of (-1, 1). */
/*@ requires \is_finite(u) && -1 < u < 1 && ends(p, u);
    assigns \nothing;
    ensures valid_iv(\result) && in_iv(\result, kr(u));
*/
static iv_t kr_of(double u, endpoint p)
{
    iv_t U = iv_point(u);
    //@ assert in_iv(U, u);
    iv_t u2 = iv_sqr(U);
    //@ assert in_iv(u2, u * u);
    iv_t one = iv_point(1.0);
    //@ assert in_iv(one, 1);
    iv_t num = iv_sub(one, iv_add(u2, u2));
    //@ assert in_iv(num, 1 - 2 * u * u);
    //@ assert kr_gap: 0 < 1 - u * u;
    //@ assert \sqrt(1 - u * u) != 0;
    return iv_div(num, p.s1m);
}

/* The enclosures of hprime and kr over [l, h] from their ends (A13). */
/*@ requires \is_finite(l) && \is_finite(h) && -1 < l <= h < 1;
    requires \valid(H) && \valid(K) && \separated(H, K);
    assigns *H, *K;
    ensures valid_iv(*H) && valid_iv(*K);
    ensures \forall real u; l <= u <= h ==> in_iv(*H, hprime(u)) && in_iv(*K, kr(u));
*/
static void grad_range(double l, double h, iv_t *H, iv_t *K)
{
    endpoint pl = at(l), ph = at(h);
    iv_t dl = dh_of(l, pl), dh = dh_of(h, ph), kl = kr_of(l, pl), kh = kr_of(h, ph);
    //@ assert \forall real u; l <= u <= h ==> hprime(l) <= hprime(u) <= hprime(h);
    *H = iv(dl.lo, dh.hi);
    if (l >= 0) {
        //@ assert \forall real u; l <= u <= h ==> kr(h) <= kr(u) <= kr(l);
        *K = iv(kh.lo, kl.hi);
    } else if (h <= 0) {
        //@ assert \forall real u; l <= u <= h ==> kr(l) <= kr(u) <= kr(h);
        *K = iv(kl.lo, kh.hi);
    } else {
        //@ assert \forall real u; l <= u <= 0 ==> kr(l) <= kr(u);
        //@ assert \forall real u; 0 <= u <= h ==> kr(h) <= kr(u);
        //@ assert \forall real u; l <= u <= h ==> kr(u) <= 1;
        *K = iv(iv_hull(kl, kh).lo, 1.0); /* kr(0) = 1 is the maximum */
    }
}

int bound_ntk1_grad(bound_ntk1_ctx k, iv_t dot, iv_t nx, iv_t nz, iv_t *da, iv_t *dr)
{
    iv_t q = iv_mul(nx, nz);
    //@ assert qc: \forall real p, s; in_iv(nx, p) && in_iv(nz, s) ==> in_iv(q, p * s);
    *da = iv(-iv_inf(), iv_inf());
    *dr = *da;
    if (!(isfinite(q.lo) && q.lo > 0)) return 0;
    //@ assert qp: \forall real Q; in_iv(q, Q) ==> 0 < Q;
    iv_t u = iv_div(dot, q);
    //@ assert uc: \forall real t, Q; in_iv(dot, t) && in_iv(q, Q) ==> in_iv(u, cosine(t, Q));
    if (!(isfinite(u.lo) && isfinite(u.hi) && -1 < u.lo && u.lo <= u.hi && u.hi < 1)) return 0;
    //@ assert inside: \forall real t, Q; in_iv(dot, t) && in_iv(q, Q) ==> 0 < Q && -1 < cosine(t, Q) < 1;
    iv_t H, K;
    grad_range(u.lo, u.hi, &H, &K);
    /*@ assert hk: \forall real t, Q; in_iv(dot, t) && in_iv(q, Q) ==>
          in_iv(H, hprime(cosine(t, Q))) && in_iv(K, kr(cosine(t, Q))); */
    iv_t A = iv_mul(k.inv2pid, H);
    /*@ assert ac: \forall real t, Q; in_iv(dot, t) && in_iv(q, Q) ==>
          in_iv(A, quot(1, 2 * pi * k.d) * hprime(cosine(t, Q))); */
    iv_t kz = iv_mul(k.inv2pid, nz);
    //@ assert kzc: \forall real s; in_iv(nz, s) ==> in_iv(kz, quot(1, 2 * pi * k.d) * s);
    iv_t B = iv_mul(kz, K);
    /*@ assert bc: \forall real t, Q, s; in_iv(dot, t) && in_iv(q, Q) && in_iv(nz, s) ==>
          in_iv(B, quot(1, 2 * pi * k.d) * s * kr(cosine(t, Q))); */
    /*@ assert rect: \forall real t, p, s; in_iv(dot, t) && in_iv(nx, p) && in_iv(nz, s) ==>
          0 < p * s && -1 < cosine(t, p * s) < 1 &&
          in_iv(A, quot(1, 2 * pi * k.d) * hprime(cosine(t, p * s))) &&
          in_iv(B, quot(1, 2 * pi * k.d) * s * kr(cosine(t, p * s))); */
    *da = A;
    *dr = B;
    return 1;
}

/* The deep kernels: one hidden layer at a time, in intervals. */

/* The clipped cosine clip1(v) of every v above l (below h): clip1 increases,
 * so its value at the end bounds it; an infinite end clips to -1 (1). */
/*@ requires lo_ok(l);
    assigns \nothing;
    ensures \is_finite(\result) && -1 <= \result <= 1;
    ensures \forall real v; below(l, v) ==> \result <= clip1(v);
*/
static double cos_lo(double l)
{
    if (!isfinite(l) || l < -1) return -1.0;
    return l > 1 ? 1.0 : l;
}
/*@ requires hi_ok(h);
    assigns \nothing;
    ensures \is_finite(\result) && -1 <= \result <= 1;
    ensures \forall real v; above(h, v) ==> clip1(v) <= \result;
*/
static double cos_hi(double h)
{
    if (!isfinite(h) || h > 1) return 1.0;
    return h < -1 ? -1.0 : h;
}

/* A layer's cosine ucos(c, Q) for c in xz and Q in q: c / Q clipped, or
 * all of [-1, 1] when Q may be 0 or less. */
/*@ requires valid_iv(xz) && valid_iv(q);
    assigns \nothing;
    ensures \is_finite(\result.lo) && \is_finite(\result.hi) && -1 <= \result.lo <= 1 && -1 <= \result.hi <= 1;
    ensures \forall real c, Q; in_iv(xz, c) && in_iv(q, Q) ==> in_iv(\result, ucos(c, Q));
*/
static iv_t cos_range(iv_t xz, iv_t q)
{
    //@ assert \forall real c, Q; Q <= 0 ==> ucos(c, Q) == 0;
    if (!(q.lo > 0)) return iv(-1.0, 1.0);
    iv_t v = iv_div(xz, q);
    //@ assert quot: \forall real c, Q; in_iv(xz, c) && in_iv(q, Q) ==> Q > 0 && in_iv(v, quot(c, Q));
    return iv(cos_lo(v.lo), cos_hi(v.hi));
}

/* kappa1 at the point u of [-1, 1]. */
/*@ requires \is_finite(u) && -1 <= u <= 1;
    assigns \nothing;
    ensures valid_iv(\result) && in_iv(\result, kappa1(u));
*/
static iv_t kappa1_at(double u)
{
    endpoint e = at(u);
    iv_t U = iv_point(u);
    //@ assert in_iv(U, u);
    iv_t m = iv_mul(e.pac, U);
    //@ assert in_iv(m, (pi - acos(u)) * u);
    iv_t n = iv_add(e.s1m, m);
    //@ assert in_iv(n, \sqrt(1 - u * u) + (pi - acos(u)) * u);
    return iv_div(n, iv_pi());
}

/* kappa1 over [u.lo, u.hi] ⊂ [-1, 1]: from its ends, as it increases (A12). */
/*@ requires \is_finite(u.lo) && \is_finite(u.hi) && -1 <= u.lo <= 1 && -1 <= u.hi <= 1;
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real v; in_iv(u, v) ==> in_iv(\result, kappa1(v));
*/
static iv_t kappa1_range(iv_t u)
{
    iv_t a = kappa1_at(u.lo), c = kappa1_at(u.hi);
    //@ assert \forall real v; in_iv(u, v) ==> kappa1(u.lo) <= kappa1(v) <= kappa1(u.hi);
    return iv(a.lo, c.hi);
}

/* Sigma(x,z), Sigma(x,x), Sigma(z,z) and Theta at one layer. */
typedef struct { iv_t xz, xx, zz, th; } layer_iv;
/*@ predicate layer_ok(layer_iv L) = valid_iv(L.xz) && valid_iv(L.xx) && valid_iv(L.zz) && valid_iv(L.th); */

/* sqrt(p) sqrt(s) for p >= 0 in xx and s >= 0 in zz. */
/*@ requires valid_iv(xx) && valid_iv(zz);
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real p, s; in_iv(xx, p) && in_iv(zz, s) && 0 <= p && 0 <= s ==> in_iv(\result, \sqrt(p) * \sqrt(s));
*/
static iv_t sqrt_prod(iv_t xx, iv_t zz)
{
    iv_t a = iv_or_line(iv_sqrt(xx)), c = iv_or_line(iv_sqrt(zz));
    //@ assert \forall real p; in_iv(xx, p) && 0 <= p ==> in_iv(a, \sqrt(p));
    //@ assert \forall real s; in_iv(zz, s) && 0 <= s ==> in_iv(c, \sqrt(s));
    return iv_mul(a, c);
}

/* The next layer's enclosures (kernel.h's recursion), bias variance b. */
/*@ requires layer_ok(L) && \is_finite(b) && 0 <= b;
    assigns \nothing;
    ensures layer_ok(\result);
    ensures var_x: \forall real p; in_iv(L.xx, p) ==> in_iv(\result.xx, var_next(p, b));
    ensures var_z: \forall real s; in_iv(L.zz, s) ==> in_iv(\result.zz, var_next(s, b));
    ensures cov: \forall real c, p, s; in_iv(L.xz, c) && in_iv(L.xx, p) && in_iv(L.zz, s) && 0 <= p && 0 <= s ==>
      in_iv(\result.xz, cov_next(c, p, s, b));
    ensures ntk: \forall real c, p, s, th; in_iv(L.xz, c) && in_iv(L.xx, p) && in_iv(L.zz, s) && 0 <= p && 0 <= s &&
      in_iv(L.th, th) ==> in_iv(\result.th, ntk_next(th, c, p, s, b));
*/
static layer_iv layer_next(layer_iv L, double b)
{
    iv_t B = iv_point(b), half = iv_point(0.5);
    //@ assert in_iv(B, b) && in_iv(half, 0.5);
    iv_t q = sqrt_prod(L.xx, L.zz);
    iv_t u = cos_range(L.xz, q);
    /*@ assert cosine: \forall real c, p, s; in_iv(L.xz, c) && in_iv(L.xx, p) && in_iv(L.zz, s) && 0 <= p && 0 <= s ==>
          in_iv(u, ucos(c, (\sqrt(p) * \sqrt(s)))) && -1 <= ucos(c, (\sqrt(p) * \sqrt(s))) <= 1; */
    iv_t k0 = iv_or_line(bound_k0(u)), k1 = kappa1_range(u);
    /*@ assert kappas: \forall real c, p, s; in_iv(L.xz, c) && in_iv(L.xx, p) && in_iv(L.zz, s) && 0 <= p && 0 <= s ==>
          in_iv(k0, kappa0(ucos(c, (\sqrt(p) * \sqrt(s))))) && in_iv(k1, kappa1(ucos(c, (\sqrt(p) * \sqrt(s))))); */
    iv_t hq = iv_mul(half, q);
    //@ assert \forall real p, s; in_iv(L.xx, p) && in_iv(L.zz, s) && 0 <= p && 0 <= s ==> in_iv(hq, 0.5 * (\sqrt(p) * \sqrt(s)));
    iv_t m1 = iv_mul(hq, k1);
    /*@ assert \forall real c, p, s; in_iv(L.xz, c) && in_iv(L.xx, p) && in_iv(L.zz, s) && 0 <= p && 0 <= s ==>
          in_iv(m1, 0.5 * (\sqrt(p) * \sqrt(s)) * kappa1(ucos(c, (\sqrt(p) * \sqrt(s))))); */
    iv_t xz = iv_add(m1, B);
    /*@ assert cov: \forall real c, p, s; in_iv(L.xz, c) && in_iv(L.xx, p) && in_iv(L.zz, s) && 0 <= p && 0 <= s ==>
          in_iv(xz, cov_next(c, p, s, b)); */
    iv_t hk = iv_mul(half, k0);
    /*@ assert \forall real c, p, s; in_iv(L.xz, c) && in_iv(L.xx, p) && in_iv(L.zz, s) && 0 <= p && 0 <= s ==>
          in_iv(hk, 0.5 * kappa0(ucos(c, (\sqrt(p) * \sqrt(s))))); */
    iv_t m2 = iv_mul(L.th, hk);
    /*@ assert \forall real c, p, s, th; in_iv(L.xz, c) && in_iv(L.xx, p) && in_iv(L.zz, s) && 0 <= p && 0 <= s &&
          in_iv(L.th, th) ==> in_iv(m2, th * (0.5 * kappa0(ucos(c, (\sqrt(p) * \sqrt(s)))))); */
    iv_t th = iv_add(m2, xz);
    iv_t hx = iv_mul(half, L.xx), hz = iv_mul(half, L.zz);
    //@ assert \forall real p; in_iv(L.xx, p) ==> in_iv(hx, 0.5 * p);
    //@ assert \forall real s; in_iv(L.zz, s) ==> in_iv(hz, 0.5 * s);
    iv_t xx = iv_add(hx, B), zz = iv_add(hz, B);
    layer_iv r = {xz, xx, zz, th};
    return r;
}

/*@ // L holds layer l's values for every <x,z> in dot, |x| >= 0 in nx, |z| >= 0 in nz.
    predicate layer_at(layer_iv L, integer l, iv_t dot, iv_t nx, iv_t nz, integer d, real b) =
      (\forall real x; in_iv(nx, x) && 0 <= x ==> in_iv(L.xx, deep_var(l, x, d, b)) && 0 <= deep_var(l, x, d, b)) &&
      (\forall real z; in_iv(nz, z) && 0 <= z ==> in_iv(L.zz, deep_var(l, z, d, b)) && 0 <= deep_var(l, z, d, b)) &&
      (\forall real t, x, z; in_iv(dot, t) && in_iv(nx, x) && in_iv(nz, z) && 0 <= x && 0 <= z ==>
        in_iv(L.xz, deep_cov(l, t, x, z, d, b)) && in_iv(L.th, deep_ntk(l, t, x, z, d, b)));
*/

/* Sigma^1 = <x,z>/d + b and Theta^1 = Sigma^1; Sigma^1(x,x) = |x|^2/d + b, Sigma^1(z,z). */
/*@ requires valid_iv(dot) && valid_iv(nx) && valid_iv(nz);
    requires 1 <= d <= 0x1p53 && \is_finite(b) && 0 <= b;
    assigns \nothing;
    ensures layer_ok(\result);
    ensures layer_at(\result, 0, dot, nx, nz, d, b);
*/
static layer_iv layer_first(iv_t dot, iv_t nx, iv_t nz, long d, double b)
{
    iv_t B = iv_point(b), D = iv_point(iv_long(d));
    //@ assert in_iv(B, b) && in_iv(D, d) && d != 0;
    iv_t x2 = iv_sqr(nx), z2 = iv_sqr(nz);
    //@ assert sq_x: \forall real x; in_iv(nx, x) ==> 0 <= x * x;
    //@ assert sq_z: \forall real z; in_iv(nz, z) ==> 0 <= z * z;
    //@ assert \forall real x; in_iv(nx, x) ==> in_iv(x2, x * x);
    //@ assert \forall real z; in_iv(nz, z) ==> in_iv(z2, z * z);
    iv_t xz = iv_add(iv_div(dot, D), B), xx = iv_add(iv_div(x2, D), B), zz = iv_add(iv_div(z2, D), B);
    //@ assert \forall real t; in_iv(dot, t) ==> in_iv(xz, quot(t, d) + b);
    //@ assert \forall real x; in_iv(nx, x) ==> in_iv(xx, quot(x * x, d) + b) && 0 <= quot(x * x, d) + b;
    //@ assert \forall real z; in_iv(nz, z) ==> in_iv(zz, quot(z * z, d) + b) && 0 <= quot(z * z, d) + b;
    /*@ assert unfold: \forall real t, x, z; deep_var(0, x, d, b) == quot(x * x, d) + b &&
          deep_cov(0, t, x, z, d, b) == quot(t, d) + b && deep_ntk(0, t, x, z, d, b) == quot(t, d) + b; */
    layer_iv L = {xz, xx, zz, xz};
    /*@ assert \forall real x; in_iv(nx, x) && 0 <= x ==> in_iv(L.xx, deep_var(0, x, d, b)) && 0 <= deep_var(0, x, d, b); */
    /*@ assert \forall real z; in_iv(nz, z) && 0 <= z ==> in_iv(L.zz, deep_var(0, z, d, b)) && 0 <= deep_var(0, z, d, b); */
    /*@ assert \forall real t, x, z; in_iv(dot, t) ==> in_iv(L.xz, deep_cov(0, t, x, z, d, b)) && in_iv(L.th, deep_ntk(0, t, x, z, d, b)); */
    return L;
}

iv_t bound_ntk(const ntk_params *p, long d, iv_t dot, iv_t nx, iv_t nz)
{
    const double b = p->bias_var;
    layer_iv L = layer_first(dot, nx, nz, d, b);
    /*@ loop invariant 0 <= l <= p->depth && layer_ok(L) && layer_at(L, l, dot, nx, nz, d, b);
        loop assigns l, L;
        loop variant p->depth - l;
    */
    for (int l = 0; l < p->depth; l++) {
        layer_iv N = layer_next(L, b);
        /*@ assert unfold: \forall real t, x, z;
              deep_var(l + 1, x, d, b) == var_next(deep_var(l, x, d, b), b) &&
              deep_var(l + 1, z, d, b) == var_next(deep_var(l, z, d, b), b) &&
              deep_cov(l + 1, t, x, z, d, b) ==
                cov_next(deep_cov(l, t, x, z, d, b), deep_var(l, x, d, b), deep_var(l, z, d, b), b) &&
              deep_ntk(l + 1, t, x, z, d, b) ==
                ntk_next(deep_ntk(l, t, x, z, d, b), deep_cov(l, t, x, z, d, b), deep_var(l, x, d, b), deep_var(l, z, d, b), b); */
        /*@ assert var_x: \forall real x; in_iv(nx, x) && 0 <= x ==>
              in_iv(N.xx, var_next(deep_var(l, x, d, b), b)) && 0 <= var_next(deep_var(l, x, d, b), b); */
        /*@ assert var_z: \forall real z; in_iv(nz, z) && 0 <= z ==>
              in_iv(N.zz, var_next(deep_var(l, z, d, b), b)) && 0 <= var_next(deep_var(l, z, d, b), b); */
        /*@ assert cov: \forall real t, x, z; in_iv(dot, t) && in_iv(nx, x) && in_iv(nz, z) && 0 <= x && 0 <= z ==>
              in_iv(N.xz, cov_next(deep_cov(l, t, x, z, d, b), deep_var(l, x, d, b), deep_var(l, z, d, b), b)); */
        /*@ assert ntk: \forall real t, x, z; in_iv(dot, t) && in_iv(nx, x) && in_iv(nz, z) && 0 <= x && 0 <= z ==>
              in_iv(N.th, ntk_next(deep_ntk(l, t, x, z, d, b), deep_cov(l, t, x, z, d, b),
                                   deep_var(l, x, d, b), deep_var(l, z, d, b), b)); */
        L = N;
    }
    return p->kind == NTK_NNGP ? L.xz : L.th;
}

double bound_dot_error(double absdot, long d)
{
    iv_t one = iv_point(1.0), D = iv_point(iv_long(d));
    //@ assert in_iv(one, 1) && in_iv(D, d);
    iv_t U = iv_point(0x1p-53), two = iv_point(2.0), tiny = iv_point(0x1p-1074), S = iv_point(absdot);
    //@ assert in_iv(U, 0x1p-53) && in_iv(two, 2) && in_iv(tiny, 0x1p-1074) && in_iv(S, absdot);
    iv_t du = iv_mul(D, U);
    //@ assert in_iv(du, d * 0x1p-53);
    iv_t num = iv_mul(du, S);
    //@ assert in_iv(num, d * 0x1p-53 * absdot);
    iv_t den = iv_sub(one, iv_add(du, du));
    //@ assert in_iv(den, 1 - 2 * d * 0x1p-53) && 1 - 2 * d * 0x1p-53 != 0;
    iv_t e = iv_div(num, den);
    //@ assert in_iv(e, quot(d * 0x1p-53 * absdot, 1 - 2 * d * 0x1p-53));
    iv_t n2 = iv_add(iv_add(D, D), two);
    //@ assert in_iv(n2, 2 * d + 2);
    iv_t u = iv_mul(n2, tiny);
    //@ assert in_iv(u, (2 * d + 2) * 0x1p-1074);
    return iv_add(e, u).hi;
}
