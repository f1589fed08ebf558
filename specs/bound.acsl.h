/* ACSL logic of the ball ranges (bound.h includes it under __FRAMAC__):
 * points of R^d and the balls and boxes around a double centre. */
#ifndef NTKCERT_BOUND_ACSL_H
#define NTKCERT_BOUND_ACSL_H

/*@
  // A point of R^d, by its coordinates: an abstract type, so a contract
  // proved for every vec holds for every function from indices to reals.
  axiomatic Vec {
    type vec;
    logic real coord(vec x, integer k);
  }
  // |e| <= r.
  predicate small(real e, real r) = -r <= e && e <= r;
  // |x - x0|_inf <= delta, for the d doubles x0[0..d-1].
  predicate in_linf_ball{L}(vec x, double *x0, integer d, real delta) =
    \forall integer k; 0 <= k < d ==> small(coord(x, k) - x0[k], delta);
  // x in the box [dlo, dhi]^d (an infinite end bounds nothing).
  predicate in_box(vec x, integer d, double dlo, double dhi) =
    \forall integer k; 0 <= k < d ==> below(dlo, coord(x, k)) && above(dhi, coord(x, k));
  // u^2 on [-1, 1], proved as a check lemma and then assumed under the same
  // statement (as in specs/real.acsl.h).
  check lemma unit_sq_proof: \forall real u; -1 <= u <= 1 ==> 0 <= u * u <= 1;
  admit lemma unit_sq: \forall real u; -1 <= u <= 1 ==> 0 <= u * u <= 1;
  // sum_{k < n} x_k^2, so |x| = \sqrt(sumsq(x, d)).
  logic real sumsq(vec x, integer n) = n <= 0 ? 0 : sumsq(x, n - 1) + coord(x, n - 1) * coord(x, n - 1);
*/

#endif
