/* ACSL logic of the interval core, read by Frama-C only (interval.h includes
 * it under __FRAMAC__). The facts admitted here are listed, with the test
 * that checks each one, in specs/ASSUMPTIONS.md. */
#ifndef NTKCERT_INTERVAL_ACSL_H
#define NTKCERT_INTERVAL_ACSL_H

/*@
  // An endpoint bounds the real x from below (above); an infinite endpoint
  // bounds every real, and a finite one by its value.
  predicate below(double l, real x) = \is_minus_infinity(l) || (\is_finite(l) && l <= x);
  predicate above(double h, real x) = \is_plus_infinity(h) || (\is_finite(h) && x <= h);
  // Endpoints the arithmetic accepts: no NaN, a lower end is never +inf.
  predicate lo_ok(double l) = \is_finite(l) || \is_minus_infinity(l);
  predicate hi_ok(double h) = \is_finite(h) || \is_plus_infinity(h);
  // a and b are the same double (WP compares doubles as reals, which says
  // nothing of infinities).
  predicate same(double a, double b) =
    (\is_finite(a) && \is_finite(b) && a == b) ||
    (\is_plus_infinity(a) && \is_plus_infinity(b)) ||
    (\is_minus_infinity(a) && \is_minus_infinity(b));

  // r is z rounded to nearest: no double lies strictly between r and z, so a
  // double below (above) r is below (above) z.
  predicate rn_below(double r, real z) = \forall double q; \is_finite(q) && q < r ==> q <= z;
  predicate rn_above(double r, real z) = \forall double q; \is_finite(q) && r < q ==> z <= q;
*/

#endif
