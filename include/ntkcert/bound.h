/* bound.h: enclosures of kernel terms over input balls, outward rounded with
 * the interval core. For every x in the ball B(x0, delta) (l_inf or l_2,
 * optionally intersected with a domain box [lo, hi]^d), each function returns
 * an interval containing the quantity named.
 *
 * The two-layer NTK is Theta(x, z) = |x||z| h(u) / (2 pi d), u = <x,z>/(|x||z|),
 * h(u) = 2u(pi - acos u) + sqrt(1 - u^2); equivalently the paper's form
 * <x,z>/d (pi - acos u)/pi + |x||z| sqrt(1 - u^2) / (2 pi d). */
#ifndef NTKCERT_BOUND_H
#define NTKCERT_BOUND_H

#include "ntkcert/interval.h"

#ifdef __FRAMAC__
#include "bound.acsl.h"
#endif

typedef enum { BOUND_LINF = 0, BOUND_L2 = 1 } bound_norm;

/* h is negative on (-1, -0.394...), with h(-1) = 0 and its minimum -0.4297... at
 * u* ~ -0.794: the NTK is negative for obtuse angles.
 * A bracket [lo, hi] of doubles around h's interior minimiser u*:
 * h' < 0 is verified on [-1, lo] side at lo, h' > 0 at hi, in interval
 * arithmetic. h decreases on [-1, u*] and increases on [u*, 1]. */
typedef struct { double lo, hi; } bound_hmin;
/* Computes the bracket (about 50 interval evaluations of h'). */
bound_hmin bound_hmin_bracket(void);
/* Contains h'(u) = 2(pi - acos u) + u / sqrt(1 - u^2) for u in a, a in (-1, 1). */
iv_t bound_hprime(iv_t a);

/* Contains {h(u) : u in a intersected with [-1, 1]} (h's monotone pieces). */
iv_t bound_h(iv_t a, bound_hmin m);
/* Contains {(pi - acos u)/pi : u in a ∩ [-1, 1]} (increasing). */
/*@ requires valid_iv(a);
    assigns \nothing;
    ensures some_iv(\result);
    ensures \forall real u; in_iv(a, u) && -1 <= u <= 1 ==> in_iv(\result, quot(pi - acos(u), pi));
*/
iv_t bound_k0(iv_t a);
/* Contains {sqrt(1 - u^2) : u in a ∩ [-1, 1]}. */
/*@ requires valid_iv(a);
    assigns \nothing;
    ensures some_iv(\result);
    ensures \forall real u; in_iv(a, u) && -1 <= u <= 1 ==> in_iv(\result, \sqrt(1 - u * u));
*/
iv_t bound_sqrt1m(iv_t a);

/* The dot product <x, z> = <x0, z> + e over a ball: e = <x - x0, z>, so
 * |e| <= delta |z|_1 over the l_inf ball (Hoelder), |e| <= delta |z|_2 over
 * the l_2 ball and |e| <= sqrt(d) delta |z|_2 over the l_inf ball
 * (Cauchy-Schwarz). Each returns dot0 + [-r, r] with r above that bound,
 * given dot0 containing <x0, z> and l1 >= |z|_1, l2 >= |z|_2. */
/*@ requires valid_iv(dot0) && \is_finite(l1) && 0 <= l1 && \is_finite(delta) && 0 <= delta;
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real t, e; in_iv(dot0, t) && small(e, l1 * delta) ==> in_iv(\result, t + e);
*/
iv_t bound_dot_linf(iv_t dot0, double l1, double delta);
/*@ requires valid_iv(dot0) && \is_finite(l2) && 0 <= l2 && \is_finite(delta) && 0 <= delta;
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real t, e; in_iv(dot0, t) && small(e, l2 * delta) ==> in_iv(\result, t + e);
*/
iv_t bound_dot_l2(iv_t dot0, double l2, double delta);
/* The paper's scheme for an l_inf ball. */
/*@ requires valid_iv(dot0) && \is_finite(l2) && 0 <= l2 && \is_finite(delta) && 0 <= delta;
    requires 0 <= d <= 0x1p53;
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real t, e; in_iv(dot0, t) && small(e, \sqrt(d) * delta * l2) ==> in_iv(\result, t + e);
*/
iv_t bound_dot_paper(iv_t dot0, double l2, double delta, long d);

/* The coordinate range of the l_inf ball ∩ domain: [x0_k - delta, x0_k + delta]
 * ∩ [dlo, dhi] (dlo = -inf, dhi = +inf without a domain), rounded outward;
 * the ball alone when x0_k lies outside the domain. */
/*@ requires \is_finite(x0k) && \is_finite(delta) && 0 <= delta && lo_ok(dlo) && hi_ok(dhi);
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real x; small(x - x0k, delta) && below(dlo, x) && above(dhi, x) ==> in_iv(\result, x);
*/
iv_t bound_coord(double x0k, double delta, double dlo, double dhi);
/* |x| over the l_inf ball ∩ domain: exact range coordinate by coordinate
 * (empty only if the domain misses the ball). */
/*@ requires d >= 0 && \valid_read(x0 + (0 .. d - 1));
    requires \forall integer k; 0 <= k < d ==> \is_finite(x0[k]);
    requires \is_finite(delta) && 0 <= delta && lo_ok(dlo) && hi_ok(dhi);
    assigns \nothing;
    ensures some_iv(\result) && (\is_finite(\result.lo) ==> valid_iv(\result));
    ensures \forall vec x; in_linf_ball(x, x0, d, delta) && in_box(x, d, dlo, dhi) ==>
      in_iv(\result, \sqrt(sumsq(x, d)));
*/
iv_t bound_norm_box(const double *x0, long d, double delta, double dlo, double dhi);
/* |x| = |x0| + e over the l_2 ball, |e| <= delta (triangle inequality):
 * [max(0, |x0| - delta), |x0| + delta]; nx0 contains |x0|. */
/*@ requires valid_iv(nx0) && \is_finite(delta) && 0 <= delta;
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real n, e; in_iv(nx0, n) && small(e, delta) && 0 <= n + e ==> in_iv(\result, n + e);
*/
iv_t bound_norm_l2(iv_t nx0, double delta);
/* The paper's scheme: |x0| + [-1, 1] sqrt(d) delta, clipped at 0 (|e| <=
 * |x - x0|_2 <= sqrt(d) delta over the l_inf ball). */
/*@ requires valid_iv(nx0) && \is_finite(delta) && 0 <= delta && 0 <= d <= 0x1p53;
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real n, e; in_iv(nx0, n) && small(e, \sqrt(d) * delta) && 0 <= n + e ==>
      in_iv(\result, n + e);
*/
iv_t bound_norm_paper(iv_t nx0, double delta, long d);

/* Constants of the two-layer NTK in dimension d: enclosures of 1/d, 1/pi,
 * 1/(2 pi d), and h's minimiser bracket; made once, so no term divides. */
typedef struct { long d; iv_t invd, invpi, inv2pid; bound_hmin hm; } bound_ntk1_ctx;
bound_ntk1_ctx bound_ntk1_init(long d);
/* Contains Theta(x, z) for all <x,z> in dot, |x| in nx, |z| in nz: the h form
 * intersected with the two-term form <x,z>/d k0(u) + |x||z| sqrt(1-u^2)/(2 pi d). */
iv_t bound_ntk1(const bound_ntk1_ctx *k, iv_t dot, iv_t nx, iv_t nz);
/* The h form alone, |x||z| h(u)/(2 pi d) with the ranges decoupled: the
 * paper's bound (--bound paper, with its sqrt(d) ranges). */
iv_t bound_ntk1_paper(const bound_ntk1_ctx *k, iv_t dot, iv_t nx, iv_t nz);

/* An upper bound on |fl(<x, z>) - <x, z>| for a dot product of length d
 * computed in double in any order, with or without FMA (Higham, Accuracy and
 * Stability, Thm 3.1, plus underflow), given absdot >= fl(sum |x_k z_k|). */
double bound_dot_error(double absdot, long d);

#endif
