/* ACSL lemmas on products and quotients of reals bounded by interval ends,
 * read by Frama-C only (interval.h includes it under __FRAMAC__;
 * proofs/lemmas.c proves them). Each is one sign case of x y or x / y with
 * x in [al, ah] and y in [bl, bh]: the pure-real fact of specs/real.acsl.h
 * restated with the endpoints as doubles, whose below/above atoms give the
 * provers a trigger. The order matters: each lemma is proved with those
 * before it in context, and more context can make the solvers miss. */
#ifndef NTKCERT_PRODUCT_ACSL_H
#define NTKCERT_PRODUCT_ACSL_H

/*@
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
  // x / y for y in [bl, bh], 0 < bl: the corner by the sign of x's end.
  lemma div_lo_p: \forall double al, bl, bh, real x, y;
    \is_finite(al) && \is_finite(bl) && \is_finite(bh) && 0 <= al && 0 < bl &&
    below(al, x) && below(bl, y) && above(bh, y) ==> al / bh <= quot(x, y);
  lemma div_lo_n: \forall double al, bl, real x, y;
    \is_finite(al) && \is_finite(bl) && al < 0 && 0 < bl && al <= x && bl <= y ==>
    al / bl <= quot(x, y);
  lemma div_hi_p: \forall double ah, bl, real x, y;
    \is_finite(ah) && \is_finite(bl) && 0 <= ah && 0 < bl && above(ah, x) && below(bl, y) ==>
    quot(x, y) <= ah / bl;
  lemma div_hi_n: \forall double ah, bl, bh, real x, y;
    \is_finite(ah) && \is_finite(bl) && \is_finite(bh) && ah < 0 && 0 < bl &&
    above(ah, x) && below(bl, y) && above(bh, y) ==> quot(x, y) <= ah / bh;
  // x >= al >= 0 (x <= ah < 0), y >= bl > 0: x / y >= 0 (x / y <= 0).
  lemma div_nonneg: \forall double al, bl, real x, y;
    \is_finite(al) && \is_finite(bl) && 0 <= al && 0 < bl && below(al, x) && below(bl, y) ==>
    0 <= quot(x, y);
  lemma div_nonpos: \forall double ah, bl, real x, y;
    \is_finite(ah) && \is_finite(bl) && ah < 0 && 0 < bl && above(ah, x) && below(bl, y) ==>
    quot(x, y) <= 0;
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
