/* ACSL lemmas on products of reals bounded by interval ends, read by Frama-C
 * only (interval.h includes it under __FRAMAC__; proofs/lemmas.c proves
 * them). Each is one sign case of a product x y with x in [al, ah] and y in
 * [bl, bh], first in pure real arithmetic (prod_*), then with the endpoints
 * as doubles (mul_*), whose below/above atoms give the provers a trigger. */
#ifndef NTKCERT_PRODUCT_ACSL_H
#define NTKCERT_PRODUCT_ACSL_H

/*@
  lemma prod_lo_pp: \forall real a, b, x, y; 0 <= a <= x && 0 <= b <= y ==> a * b <= x * y;
  lemma prod_lo_pn: \forall real c, b, x, y; 0 <= x <= c && b <= y && b <= 0 ==> c * b <= x * y;
  lemma prod_hi_pp: \forall real c, d, x, y; 0 <= x <= c && y <= d && 0 <= d ==> x * y <= c * d;
  lemma prod_hi_pn: \forall real a, d, x, y; 0 <= a <= x && y <= d && d <= 0 ==> x * y <= a * d;
  lemma prod_lo_nn: \forall real c, d, x, y; x <= c <= 0 && y <= d <= 0 ==> c * d <= x * y;
  lemma prod_lo_np: \forall real a, c, d, x, y; a <= x <= c && c <= 0 && y <= d && 0 <= d ==> a * d <= x * y;
  lemma prod_hi_np: \forall real c, b, x, y; x <= c <= 0 && 0 <= b <= y ==> x * y <= c * b;
  lemma prod_hi_nn: \forall real a, c, b, x, y; a <= x <= c && c <= 0 && b <= y && b <= 0 ==> x * y <= a * b;
  lemma prod_sq_nonneg: \forall real x; 0 <= x * x;
  lemma prod_sq_hi: \forall real l, h, x; l <= x <= h ==> x * x <= l * l || x * x <= h * h;

  // x >= al >= 0: the corner that bounds x y, by the sign of y's end.
  lemma mul_lo_pp: \forall double al, bl, real x, y;
    \is_finite(al) && \is_finite(bl) && 0 <= al && 0 <= bl && below(al, x) && below(bl, y) ==>
    al * bl <= x * y;
  lemma mul_lo_pn: \forall double al, ah, bl, real x, y;
    \is_finite(al) && \is_finite(ah) && \is_finite(bl) && 0 <= al && bl <= 0 &&
    below(al, x) && above(ah, x) && below(bl, y) ==> ah * bl <= x * y;
  lemma mul_hi_pp: \forall double al, ah, bh, real x, y;
    \is_finite(al) && \is_finite(ah) && \is_finite(bh) && 0 <= al && 0 <= bh &&
    below(al, x) && above(ah, x) && above(bh, y) ==> x * y <= ah * bh;
  lemma mul_hi_pn: \forall double al, bh, real x, y;
    \is_finite(al) && \is_finite(bh) && 0 <= al && bh <= 0 && below(al, x) && above(bh, y) ==>
    x * y <= al * bh;
  // x <= ah <= 0: the same by the sign of y's end.
  lemma mul_lo_nn: \forall double ah, bh, real x, y;
    \is_finite(ah) && \is_finite(bh) && ah <= 0 && bh <= 0 && above(ah, x) && above(bh, y) ==>
    ah * bh <= x * y;
  lemma mul_lo_np: \forall double al, ah, bh, real x, y;
    \is_finite(al) && \is_finite(ah) && \is_finite(bh) && ah <= 0 && 0 <= bh &&
    below(al, x) && above(ah, x) && above(bh, y) ==> al * bh <= x * y;
  lemma mul_hi_np: \forall double ah, bl, real x, y;
    \is_finite(ah) && \is_finite(bl) && ah <= 0 && 0 <= bl && above(ah, x) && below(bl, y) ==>
    x * y <= ah * bl;
  lemma mul_hi_nn: \forall double al, ah, bl, real x, y;
    \is_finite(al) && \is_finite(ah) && \is_finite(bl) && ah <= 0 && bl <= 0 &&
    below(al, x) && above(ah, x) && below(bl, y) ==> x * y <= al * bl;
  // The double 0 bounds the reals of its sign.
  lemma zero_below: \forall real x; 0 <= x ==> below((double)0.0, x);
  lemma zero_above: \forall real x; x <= 0 ==> above((double)0.0, x);
  lemma zero_below_sqr: \forall double z, real x; \is_finite(z) && z == 0 ==> below(z, x * x);
  // x in [0, 0]: x y = 0 whatever y.
  lemma mul_zero: \forall double al, ah, real x, y;
    \is_finite(al) && \is_finite(ah) && 0 <= al && ah <= 0 && below(al, x) && above(ah, x) ==>
    x * y == 0;
  // x in [l, h]: x^2 is at most l^2 or h^2.
  lemma sqr_hi: \forall double l, h, real x;
    \is_finite(l) && \is_finite(h) && below(l, x) && above(h, x) ==> x * x <= l * l || x * x <= h * h;
*/

#endif
