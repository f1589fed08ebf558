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
#include "ntkcert/kernel.h"

/* Two adjacent doubles around h's minimiser u* = -0.79409986...: h' < 0 at
 * the first and > 0 at the second (h'(u) = 2(pi - acos u) + u / sqrt(1 - u^2)
 * increases), so h decreases on [-1, u*] and increases on [u*, 1]; and a
 * double below its minimum h(u*) = -0.42973782051831611... (assumption A9,
 * checked at 256 bits by tests/t-cert.c). h is negative on (-1, -0.394...)
 * and h(-1) = 0: the NTK is negative for obtuse angles. */
#define BOUND_HMIN_LO (-0x1.969441ea3c994p-1)
#define BOUND_HMIN_HI (-0x1.969441ea3c993p-1)
#define BOUND_H_MIN (-0x1.b80d30f3ec08fp-2)

#ifdef __FRAMAC__
#include "bound.acsl.h"
#endif

typedef enum { BOUND_LINF = 0, BOUND_L2 = 1 } bound_norm;

/* Contains {h(u) : u in a ∩ [-1, 1]}: from its ends on h's monotone pieces,
 * and from below by BOUND_H_MIN when a may hold u*. */
/*@ requires valid_iv(a);
    assigns \nothing;
    ensures some_iv(\result);
    ensures \forall real u; in_iv(a, u) && -1 <= u <= 1 ==> in_iv(\result, h(u));
*/
iv_t bound_h(iv_t a);
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

/* An upper bound on |z|_1 = sum_k |z_k|, rounded up: the l1 of
 * bound_dot_linf (Hoelder). */
/*@ requires n >= 0 && \valid_read(z + (0 .. n - 1));
    requires \forall integer k; 0 <= k < n ==> \is_finite(z[k]);
    assigns \nothing;
    ensures hi_ok(\result) && above(\result, l1norm(z, n));
*/
double bound_l1(const double *z, long n);

/* The exact <x, z> from v = fl(<x, z>) and absdot = fl(sum |x_k z_k|),
 * both computed in double: v +- bound_dot_error(absdot, d), rounded
 * outward. It holds every t within that error of v, which Higham's
 * theorem (A1, A6) puts the exact dot product. */
/*@ requires \is_finite(v) && 1 <= d <= 0x1p50 && \is_finite(absdot) && 0 <= absdot;
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real t; small(t - v, quot(d * 0x1p-53 * absdot, 1 - 2 * d * 0x1p-53) + (2 * d + 2) * 0x1p-1074) ==>
      in_iv(\result, t);
*/
iv_t bound_dot_enclose(double v, double absdot, long d);

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
/* <x, z> over the l_inf ball ∩ domain: the sum over the coordinates of
 * their ranges (bound_coord) times z_k, rounded outward: exact but for
 * rounding. */
/*@ requires d >= 0 && \valid_read(x0 + (0 .. d - 1)) && \valid_read(z + (0 .. d - 1));
    requires \forall integer k; 0 <= k < d ==> \is_finite(x0[k]) && \is_finite(z[k]);
    requires \is_finite(delta) && 0 <= delta && lo_ok(dlo) && hi_ok(dhi);
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall vec x; in_linf_ball(x, x0, d, delta) && in_box(x, d, dlo, dhi) ==> in_iv(\result, dotv(x, z, d));
*/
iv_t bound_dot_box(const double *x0, long d, double delta, double dlo, double dhi, const double *z);
/* <x, z> for every x of the set (in_set: the l_2 or l_inf ball, within the
 * domain box when dom), from dot0 containing <x0, z>: Hoelder (l1 >= |z|_1)
 * over the l_inf ball, Cauchy-Schwarz (s >= |z|) over the l_2 ball or with
 * the paper's sqrt(d); within the domain box's exact range (unless paper). */
/*@ requires 1 <= d <= 0x1p50 && \valid_read(x0 + (0 .. d - 1)) && \valid_read(z + (0 .. d - 1));
    requires \forall integer k; 0 <= k < d ==> \is_finite(x0[k]) && \is_finite(z[k]);
    requires \is_finite(delta) && 0 <= delta && lo_ok(dlo) && hi_ok(dhi);
    requires dom == 0 ==> \is_minus_infinity(dlo) && \is_plus_infinity(dhi);
    requires valid_iv(dot0) && in_iv(dot0, dotp(x0, z, d));
    requires hi_ok(l1) && above(l1, l1norm(z, d));
    requires hi_ok(s) && above(s, \sqrt(dotp(z, z, d)));
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall vec x; in_set(x, x0, d, delta, l2, dom, dlo, dhi) ==> in_iv(\result, dotv(x, z, d));
*/
iv_t bound_dot_set(int paper, int l2, int dom, const double *x0, const double *z, long d, double delta,
                    double dlo, double dhi, iv_t dot0, double l1, double s);
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

/* Constants of the two-layer NTK in dimension d: an enclosure of
 * 1/(2 pi d), made once so that no term divides. */
typedef struct { long d; iv_t inv2pid; } bound_ntk1_ctx;
/*@ predicate ntk1_ctx(bound_ntk1_ctx k) =
      1 <= k.d <= 0x1p53 && valid_iv(k.inv2pid) && in_iv(k.inv2pid, quot(1, 2 * pi * k.d));
*/
/*@ requires 1 <= d <= 0x1p53;
    assigns \nothing;
    ensures ntk1_ctx(\result) && \result.d == d;
*/
bound_ntk1_ctx bound_ntk1_init(long d);
/* Contains Theta(x, z) for all <x,z> in dot, |x| in nx, |z| in nz (with
 * |<x,z>| <= |x||z|, Cauchy-Schwarz): the h form intersected with the
 * two-term form (2 <x,z> (pi - acos u) + |x||z| sqrt(1 - u^2)) / (2 pi d). */
/*@ requires ntk1_ctx(k);
    requires valid_iv(dot) && valid_iv(nx) && valid_iv(nz);
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real t, p, s; in_iv(dot, t) && in_iv(nx, p) && in_iv(nz, s) && 0 <= p && 0 <= s &&
      small(t, p * s) ==> in_iv(\result, ntk1(t, p * s, k.d));
*/
iv_t bound_ntk1(bound_ntk1_ctx k, iv_t dot, iv_t nx, iv_t nz);
/*@ // The parameters ntk_check accepts.
    predicate kernel_ok{L}(ntk_params *p) =
      \valid_read(p) && 1 <= p->depth <= 1000 && \is_finite(p->bias_var) && 0 <= p->bias_var;
*/
/* Contains the kernel of p (kernel.h) for every <x,z> in dot, |x| >= 0 in nx
 * and |z| >= 0 in nz, the three in any combination (consistent or not): its
 * recursion in intervals, one hidden layer at a time. */
/*@ requires kernel_ok(p);
    requires 1 <= d <= 0x1p53 && valid_iv(dot) && valid_iv(nx) && valid_iv(nz);
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real t, x, z; in_iv(dot, t) && in_iv(nx, x) && in_iv(nz, z) && 0 <= x && 0 <= z ==>
      in_iv(\result, deep_kernel(p->kind == NTK_NNGP ? 1 : 0, p->depth, t, x, z, d, p->bias_var));
*/
iv_t bound_ntk(const ntk_params *p, long d, iv_t dot, iv_t nx, iv_t nz);
/* The h form alone, |x||z| h(u)/(2 pi d) with the ranges decoupled: the
 * paper's bound (--bound paper, with its sqrt(d) ranges). */
/*@ requires ntk1_ctx(k);
    requires valid_iv(dot) && valid_iv(nx) && valid_iv(nz);
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real t, p, s; in_iv(dot, t) && in_iv(nx, p) && in_iv(nz, s) && 0 <= p && 0 <= s &&
      small(t, p * s) ==> in_iv(\result, ntk1(t, p * s, k.d));
*/
iv_t bound_ntk1_paper(bound_ntk1_ctx k, iv_t dot, iv_t nx, iv_t nz);

/* The partial derivatives of the two-layer NTK written as
 * phi(a, r) = r |z| h(a / (r |z|)) / (2 pi d), a = <x,z>, r = |x|:
 *     da = d phi / d a = h'(u) / (2 pi d),      h'(u) = 2 (pi - acos u) + u / sqrt(1 - u^2),
 *     dr = d phi / d r = |z| k(u) / (2 pi d),   k(u) = (1 - 2 u^2) / sqrt(1 - u^2),
 * enclosed for every a in dot, r in nx, |z| in nz. h' increases
 * (h'' = (3 - 2u^2) / (1 - u^2)^(3/2) > 0) and k increases on [-1, 0] and
 * decreases on [0, 1] (k'(u) = u (2u^2 - 3) / (1 - u^2)^(3/2)), so the ends of
 * u's range bound both (assumption A13). Returns 1 when every such point lies
 * strictly inside the cone |a| < r |z| (u's range within (-1, 1), r |z| > 0),
 * where phi is smooth; else 0, and the derivatives may be unbounded there:
 * both ends are infinite. */
/*@ requires ntk1_ctx(k) && valid_iv(dot) && valid_iv(nx) && valid_iv(nz);
    requires \valid(da) && \valid(dr) && \separated(da, dr);
    assigns *da, *dr;
    ensures valid_iv(*da) && valid_iv(*dr);
    ensures \result != 0 ==> grad_rect(*da, *dr, dot, nx, nz, k.d);
*/
int bound_ntk1_grad(bound_ntk1_ctx k, iv_t dot, iv_t nx, iv_t nz, iv_t *da, iv_t *dr);

/* An upper bound on |fl(<x, z>) - <x, z>| for a dot product of length d
 * computed in double in any order, with or without FMA, given
 * absdot = fl(sum |x_k z_k|): gamma_d sum |x_k z_k|, gamma_d = d u / (1 - d u),
 * u = 2^-53 (Higham, Accuracy and Stability, Thm 3.1), where
 * sum |x_k z_k| <= absdot / (1 - gamma_d) by the same bound for the
 * nonnegative sum; gamma_d / (1 - gamma_d) = d u / (1 - 2 d u). Plus
 * (2d + 2) 2^-1074 for underflow. Rounded up. */
/*@ requires 1 <= d <= 0x1p50 && \is_finite(absdot) && 0 <= absdot;
    assigns \nothing;
    ensures hi_ok(\result);
    ensures above(\result, quot(d * 0x1p-53 * absdot, 1 - 2 * d * 0x1p-53) + (2 * d + 2) * 0x1p-1074);
*/
double bound_dot_error(double absdot, long d);

#endif
