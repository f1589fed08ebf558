/* ACSL logic of the first-order bound (src/cert.c's bound_first, which
 * includes it under __FRAMAC__): the linear part <w, x - x0> of g's
 * expansion around x0, for a point w of R^d that the central vector's
 * enclosures hold. */
#ifndef NTKCERT_FIRST_ACSL_H
#define NTKCERT_FIRST_ACSL_H

#include "frame.acsl.h"

/*@
  // The first-order bound's linear part and the inequalities it rests on
  // (admitted: A10, as the axioms of Inequalities), in one axiomatic so that
  // WP gives them only to goals about it:
  axiomatic LinInequalities {
    // <w, x - x0> = sum_{k < n} (x_k - x0_k) w_k, for points w and x and the
    // doubles x0[0..n-1].
    logic real lin{L}(vec w, vec x, double *x0, integer n) =
      n <= 0 ? 0 : lin(w, x, x0, n - 1) + (coord(x, n - 1) - x0[n - 1]) * coord(w, n - 1);
    // |w|_1 and |w|_2^2 of the first n coordinates of w.
    logic real vl1(vec w, integer n) = n <= 0 ? 0 : vl1(w, n - 1) + \abs(coord(w, n - 1));
    logic real vsq(vec w, integer n) = n <= 0 ? 0 : vsq(w, n - 1) + coord(w, n - 1) * coord(w, n - 1);
    // Hoelder's |<w, x - x0>| <= |x - x0|_inf |w|_1 and Cauchy-Schwarz's
    // |<w, x - x0>| <= |x - x0|_2 |w|_2, for a double Z above the norm of w.
    axiom hoelder_lin{L}: \forall vec w, x, double *x0, integer n, real delta, double Z;
      0 <= n && 0 <= delta && in_linf_ball(x, x0, n, delta) && \is_finite(Z) && above(Z, vl1(w, n)) ==>
      small(lin(w, x, x0, n), Z * delta);
    axiom cs_lin{L}: \forall vec w, x, double *x0, integer n, real delta, double Z;
      0 <= n && 0 <= delta && in_l2_ball(x, x0, n, delta) && \is_finite(Z) && above(Z, \sqrt(vsq(w, n))) ==>
      small(lin(w, x, x0, n), Z * delta);
  }
  // V[0..n-1] enclose the coordinates of w.
  predicate encloses{L}(iv_t *V, vec w, integer n) = \forall integer k; 0 <= k < n ==> in_iv(V[k], coord(w, k));

  axiomatic Expansion {
    // |x| - |x0| - <x0, x - x0> / |x0|: what is left of |x| - |x0| past its
    // linear part.
    logic real rho_of{L}(vec x, double *x0, integer n) =
      \sqrt(sumsq(x, n)) - \sqrt(dotp(x0, x0, n)) - quot(dotv(x, x0, n) - dotp(x0, x0, n), \sqrt(dotp(x0, x0, n)));
    // It lies in [0, |x - x0|^2 / (2 |x0|)] for x0 != 0 (admitted: A10;
    // Cauchy-Schwarz below, 2 |x0||x| <= |x0|^2 + |x|^2 above).
    axiom norm_expansion{L}: \forall vec x, double *x0, integer n;
      0 <= n && 0 < \sqrt(dotp(x0, x0, n)) ==>
        0 <= rho_of(x, x0, n) && rho_of(x, x0, n) <= quot(dist2(x, x0, n), 2 * \sqrt(dotp(x0, x0, n)));
  }

  axiomatic AtCentre {
    // Theta(x0, z) for the doubles x0 and z.
    logic real theta0{L}(double *x0, double *z, integer d) =
      ntk1(dotp(x0, z, d), \sqrt(dotp(x0, x0, d)) * \sqrt(dotp(z, z, d)), d);
  }
  // |<x0, z>| <= |x0||z| (admitted: A10, Cauchy-Schwarz); an axiomatic
  // that declares no symbol, so that WP gives it to every goal.
  axiomatic CsPoints {
    axiom cs_p{L}: \forall double *x0, *z, integer n;
      0 <= n ==> small(dotp(x0, z, n), \sqrt(dotp(x0, x0, n)) * \sqrt(dotp(z, z, n)));
  }

  // The mean value theorem on the segment from (a0, r0) to (a, r), which
  // lies in the box of grad_rect (admitted: A14): phi(a, r) - phi(a0, r0) =
  // A (a - a0) + B (r - r0) for the gradient (A, B) at a point of the
  // segment, mvt_a and mvt_b, which every such enclosure holds
  // (mean_value_a, mean_value_b); the equation stated for a term,
  // alpha phi - m (a - a0), in the form first_term needs (mean_value). One
  // axiom per conclusion, so that each carries its own trigger.
  axiomatic MeanValue {
    // alpha th - m (a - a0): a term of g, alpha Theta with Theta = th, once
    // its central part m <x - x0, z> is taken out (a = <x, z>, a0 = <x0, z>).
    // r = |x|, r0 = |x0| and s = |z|, unused, make it a trigger for
    // mean_value. A symbol of its own, defined by an axiom, so that the
    // provers do not expand it away.
    logic real wterm(real alpha, real m, real th, real a, real r, real a0, real r0, real s, integer d);
    axiom wterm_def: \forall real alpha, m, th, a, r, a0, r0, s, integer d;
      wterm(alpha, m, th, a, r, a0, r0, s, d) == alpha * th - m * (a - a0);
    logic real mvt_a(real a, real r, real a0, real r0, real s, integer d);
    logic real mvt_b(real a, real r, real a0, real r0, real s, integer d);
    axiom mean_value_a: \forall iv_t A, B, AH, RH, S, real a, r, a0, r0, s, integer d;
      1 <= d && 0 <= s && grad_rect(A, B, AH, RH, S, d) &&
      in_iv(AH, a) && in_iv(AH, a0) && in_iv(RH, r) && in_iv(RH, r0) && in_iv(S, s) ==>
        in_iv(A, mvt_a(a, r, a0, r0, s, d));
    axiom mean_value_b: \forall iv_t A, B, AH, RH, S, real a, r, a0, r0, s, integer d;
      1 <= d && 0 <= s && grad_rect(A, B, AH, RH, S, d) &&
      in_iv(AH, a) && in_iv(AH, a0) && in_iv(RH, r) && in_iv(RH, r0) && in_iv(S, s) ==>
        in_iv(B, mvt_b(a, r, a0, r0, s, d));
    // th is Theta at (a, r), r s = |x||z|: a predicate of its own, so that
    // the provers keep th apart and mean_value keeps wterm as its trigger.
    predicate is_theta(real th, real a, real r, real s, integer d);
    axiom is_theta_def: \forall real th, a, r, s, integer d; is_theta(th, a, r, s, d) <==> th == ntk1(a, r * s, d);
    // The equation holds without the box: where no box of grad_rect holds
    // the segment, mvt_a and mvt_b are any pair that satisfies it (one
    // exists whenever (a, r) != (a0, r0); both sides agree otherwise).
    axiom mean_value: \forall real alpha, m, th, a, r, a0, r0, s, integer d; is_theta(th, a, r, s, d) ==>
      wterm(alpha, m, th, a, r, a0, r0, s, d) - alpha * mvt_b(a, r, a0, r0, s, d) * (r - r0) ==
        (0 + alpha * ntk1(a0, r0 * s, d)) + (alpha * mvt_a(a, r, a0, r0, s, d) - m) * (a - a0);
  }

  // The central vector v + c x0, v = sum_i m_i x_i (the gradient of the
  // terms' central parts, summed before any absolute value is taken), and
  // what it sums:
  axiomatic Central {
    // x c, behind a symbol of its own: a quantified c under a product has
    // no trigger, and CVC4 does not find it.
    logic real times(real x, real c);
    axiom times_def: \forall real x, c; times(x, c) == x * c;
    // sum_{i < n} m_i X_ik: column k of m^T X for the rows of d doubles at X.
    logic real coldot{L}(double *m, double *X, integer k, integer d, integer n) =
      n <= 0 ? 0 : coldot(m, X, k, d, n - 1) + m[n - 1] * row(X, n - 1, d)[k];
    // sum_{i < n} m_i <x - x0, x_i>, x_i the rows of X.
    logic real msum{L}(double *m, double *X, vec x, double *x0, integer d, integer n) =
      n <= 0 ? 0 : msum(m, X, x, x0, d, n - 1) +
        m[n - 1] * (dotv(x, row(X, n - 1, d), d) - dotp(x0, row(X, n - 1, d), d));
    logic vec central{L}(double *m, double *X, integer d, integer n, real c, double *x0)
      reads m[0 .. n - 1], X[0 .. n * d - 1], x0[0 .. d - 1];
    axiom central_coord{L}: \forall double *m, *X, *x0, integer d, n, k, real c; 0 <= k ==>
      coord(central(m, X, d, n, c, x0), k) == coldot(m, X, k, d, n) + c * x0[k];
    // Finite sums may be summed in either order (admitted: A15):
    // <v + c x0, x - x0> = sum_i m_i <x - x0, x_i> + c <x0, x - x0>.
    axiom interchange{L}: \forall double *m, *X, *x0, vec x, integer d, n, real c; 0 <= d && 0 <= n ==>
      lin(central(m, X, d, n, c, x0), x, x0, d) == msum(m, X, x, x0, d, n) + c * (dotv(x, x0, d) - dotp(x0, x0, d));
  }
  // v is fl(sum_i m_i X_ik) and a fl(sum_i |m_i X_ik|), computed in double
  // in some order (dgemv, A6): when both are numbers, Higham's bound holds.
  predicate higham_col{L}(double v, double a, double *m, double *X, integer k, integer d, integer n) =
    \is_finite(v) && \is_finite(a) && 0 <= a ==> small(coldot(m, X, k, d, n) - v, dot_err(a, n));
*/

#endif
