/* interval.h: closed real intervals with double endpoints, outward rounded.
 *
 * Rounding: every endpoint is computed in the default IEEE-754 binary64
 * round-to-nearest mode and then moved one double outward (iv_down/iv_up).
 * For + - * / and sqrt IEEE-754 requires correct rounding, so the exact real
 * result lies between the neighbours of the rounded one. acos is not
 * correctly rounded by libm; it is widened by IV_ACOS_ULPS doubles per side
 * (specs/ASSUMPTIONS.md, A2). Requires IEEE-754 doubles, FLT_EVAL_METHOD == 0
 * (SSE2 on x86-64), no -ffast-math, no FP contraction, and the default
 * rounding mode (A1); the first three are checked at compile time.
 *
 * An interval {lo, hi} is valid when lo <= hi, lo < +inf, hi > -inf and
 * neither is NaN; it stands for the set of reals x with lo <= x <= hi.
 * The empty set is {+inf, -inf}. Unless stated, functions take valid
 * intervals and return valid ones, and never trap or print.
 * Plain C99, libm only, so that Frama-C can read it. */
#ifndef NTKCERT_INTERVAL_H
#define NTKCERT_INTERVAL_H

#include <float.h>
#include <math.h> /* glibc defines __STDC_IEC_559__ through it (clang does not pre-include it) */

#if !defined(__STDC_IEC_559__) && !defined(__FRAMAC__)
#error "ntkcert's interval core needs IEEE-754 arithmetic (C11 Annex F)"
#endif
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0
#error "ntkcert's interval core needs FLT_EVAL_METHOD == 0 (use SSE2)"
#endif
#ifdef __FAST_MATH__
#error "ntkcert must not be compiled with -ffast-math"
#endif

typedef struct { double lo, hi; } iv_t;

#ifdef __FRAMAC__
#include "real.acsl.h"
#include "interval.acsl.h"
#include "product.acsl.h"
/*@
  // x lies in a.
  predicate in_iv(iv_t a, real x) = below(a.lo, x) && above(a.hi, x);
  // An interval the arithmetic accepts (lo > hi is allowed and holds nothing).
  predicate valid_iv(iv_t a) = lo_ok(a.lo) && hi_ok(a.hi);
  // Any interval without NaN, the empty one {+inf, -inf} included.
  predicate some_iv(iv_t a) = !\is_NaN(a.lo) && !\is_NaN(a.hi);
*/
#endif

/* Doubles of widening applied on each side of libm's acos (assumption A2). */
#define IV_ACOS_ULPS 4

/* The largest double below x (x if x is -inf or NaN); exact. Inline: it is
 * on every endpoint. Steps the IEEE-754 bit pattern, as nextafter does.
 * Admitted (A3): WP does not read bit patterns; tests/t-interval.c checks it
 * against nextafter. */
/*@ requires \is_finite(x);
    assigns \nothing;
    ensures lo_ok(\result);
    ensures \is_finite(\result) ==> \result < x;
*/
static inline double iv_down(double x)
{
    if (!(x > -INFINITY)) return x;
    if (x == 0) return -DBL_TRUE_MIN;
    unsigned long long b;
    __builtin_memcpy(&b, &x, sizeof b);
    b += x > 0 ? -1LL : 1LL;
    __builtin_memcpy(&x, &b, sizeof b);
    return x;
}
/* The smallest double above x (x if x is +inf or NaN); exact. */
/*@ requires \is_finite(x);
    assigns \nothing;
    ensures hi_ok(\result);
    ensures \is_finite(\result) ==> x < \result;
*/
static inline double iv_up(double x) { return -iv_down(-x); }

/* A double rounded to nearest becomes an endpoint: stepped outward when
 * finite, else the infinity on that side (an overflowed sum claims nothing). */
/*@ requires !\is_NaN(s);
    assigns \nothing;
    ensures lo_ok(\result);
    ensures \is_finite(\result) ==> \is_finite(s) && \result < s;
*/
static inline double iv_out_down(double s)
{
    if (isfinite(s)) return iv_down(s);
    //@ assert \is_plus_infinity(s) || \is_minus_infinity(s);
    return s < 0 ? s : -s;
}
/*@ requires !\is_NaN(s);
    assigns \nothing;
    ensures hi_ok(\result);
    ensures \is_finite(\result) ==> \is_finite(s) && s < \result;
*/
static inline double iv_out_up(double s)
{
    if (isfinite(s)) return iv_up(s);
    //@ assert \is_plus_infinity(s) || \is_minus_infinity(s);
    return s > 0 ? s : -s;
}

/* The IEEE-754 operations, rounded to nearest (A1): the only places where
 * the certified path rounds; WP proves rn_below/rn_above from its floating-point model. */
/*@ requires \is_finite(x) && \is_finite(y);
    assigns \nothing;
    ensures !\is_NaN(\result);
    ensures \is_finite(\result) ==> rn_below(\result, x + y);
    ensures \is_finite(\result) ==> rn_above(\result, x + y);
*/
static inline double iv_rn_add(double x, double y) { return x + y; }
/*@ requires \is_finite(x) && \is_finite(y);
    assigns \nothing;
    ensures !\is_NaN(\result);
    ensures \is_finite(\result) ==> rn_below(\result, x * y);
    ensures \is_finite(\result) ==> rn_above(\result, x * y);
*/
static inline double iv_rn_mul(double x, double y) { return x * y; }
/*@ requires \is_finite(x) && \is_finite(y) && y != 0;
    assigns \nothing;
    ensures !\is_NaN(\result);
    ensures \is_finite(\result) ==> rn_below(\result, x / y);
    ensures \is_finite(\result) ==> rn_above(\result, x / y);
*/
static inline double iv_rn_div(double x, double y) { return x / y; }

#ifdef __FRAMAC__
/* IEEE-754 sqrt, correctly rounded (A1). Admitted: Frama-C's libc contract
 * for sqrt ignores rounding, so the certified path does not use it. */
/*@ requires \is_finite(x) && x >= 0;
    assigns \nothing;
    ensures \is_finite(\result) && \result >= 0;
    ensures rn_below(\result, \sqrt(x)) && rn_above(\result, \sqrt(x));
*/
double iv_rn_sqrt(double x);
/* libm's acos widened by IV_ACOS_ULPS doubles down / up (A2, A3). Admitted. */
/*@ requires \is_finite(x) && -1 <= x <= 1;
    assigns \nothing;
    ensures \is_finite(\result) && \result <= acos(x);
*/
double iv_acos_down(double x);
/*@ requires \is_finite(x) && -1 <= x <= 1;
    assigns \nothing;
    ensures \is_finite(\result) && acos(x) <= \result;
*/
double iv_acos_up(double x);
#else
static inline double iv_rn_sqrt(double x) { return sqrt(x); }
static inline double iv_acos_down(double x)
{
    double r = acos(x);
    for (int k = 0; k < IV_ACOS_ULPS; k++) r = iv_down(r);
    return r;
}
static inline double iv_acos_up(double x)
{
    double r = acos(x);
    for (int k = 0; k < IV_ACOS_ULPS; k++) r = iv_up(r);
    return r;
}
#endif

/* Below / above x + y for all reals bounded by the endpoints x, y. */
/*@ requires lo_ok(x) && lo_ok(y);
    assigns \nothing;
    ensures lo_ok(\result);
    ensures \forall real u, v; below(x, u) && below(y, v) ==> below(\result, u + v);
*/
static inline double iv_add_down(double x, double y)
{
    if (!isfinite(x)) return x; /* -inf */
    if (!isfinite(y)) return y;
    double r = iv_out_down(iv_rn_add(x, y));
    //@ assert rounded: \is_finite(r) ==> r <= x + y;
    return r;
}
/*@ requires hi_ok(x) && hi_ok(y);
    assigns \nothing;
    ensures hi_ok(\result);
    ensures \forall real u, v; above(x, u) && above(y, v) ==> above(\result, u + v);
*/
static inline double iv_add_up(double x, double y)
{
    if (!isfinite(x)) return x; /* +inf */
    if (!isfinite(y)) return y;
    double r = iv_out_up(iv_rn_add(x, y));
    //@ assert rounded: \is_finite(r) ==> x + y <= r;
    return r;
}

/* Below / above the product x y of finite x, y; an infinite factor gives
 * the infinite endpoint, or 0 times a zero (the intervals hold reals only). */
/*@ requires !\is_NaN(x) && !\is_NaN(y);
    assigns \nothing;
    ensures lo_ok(\result);
    ensures \is_finite(x) && \is_finite(y) ==> below(\result, x * y);
    ensures !(\is_finite(x) && \is_finite(y)) && x != 0 && y != 0 ==> \is_minus_infinity(\result);
    ensures !(\is_finite(x) && \is_finite(y)) && (x == 0 || y == 0) ==> \result == 0;
*/
static inline double iv_mul_down(double x, double y)
{
    if (!isfinite(x) || !isfinite(y)) return x == 0 || y == 0 ? 0.0 : iv_out_down(isfinite(x) ? y : x);
    double r = iv_out_down(iv_rn_mul(x, y));
    //@ assert rounded: below(r, x * y);
    return r;
}
/*@ requires !\is_NaN(x) && !\is_NaN(y);
    assigns \nothing;
    ensures hi_ok(\result);
    ensures \is_finite(x) && \is_finite(y) ==> above(\result, x * y);
    ensures !(\is_finite(x) && \is_finite(y)) && x != 0 && y != 0 ==> \is_plus_infinity(\result);
    ensures !(\is_finite(x) && \is_finite(y)) && (x == 0 || y == 0) ==> \result == 0;
*/
static inline double iv_mul_up(double x, double y)
{
    if (!isfinite(x) || !isfinite(y)) return x == 0 || y == 0 ? 0.0 : iv_out_up(isfinite(x) ? y : x);
    double r = iv_out_up(iv_rn_mul(x, y));
    //@ assert rounded: above(r, x * y);
    return r;
}

/* Below / above x / y for the finite doubles x and y != 0. */
/*@ requires \is_finite(x) && \is_finite(y) && y != 0;
    assigns \nothing;
    ensures lo_ok(\result);
    ensures below(\result, x / y);
*/
static inline double iv_div_down(double x, double y)
{
    double r = iv_out_down(iv_rn_div(x, y));
    //@ assert rounded: below(r, x / y);
    return r;
}
/*@ requires \is_finite(x) && \is_finite(y) && y != 0;
    assigns \nothing;
    ensures hi_ok(\result);
    ensures above(\result, x / y);
*/
static inline double iv_div_up(double x, double y)
{
    double r = iv_out_up(iv_rn_div(x, y));
    //@ assert rounded: above(r, x / y);
    return r;
}

/* [lo, hi]; the caller guarantees lo <= hi. */
/*@ requires !\is_NaN(lo) && !\is_NaN(hi);
    assigns \nothing;
    ensures same(\result.lo, lo) && same(\result.hi, hi);
*/
static inline iv_t iv(double lo, double hi) { iv_t r = {lo, hi}; return r; }
/* [x, x]. */
/*@ requires !\is_NaN(x);
    assigns \nothing;
    ensures same(\result.lo, x) && same(\result.hi, x);
*/
static inline iv_t iv_point(double x) { iv_t r = {x, x}; return r; }
/* The empty interval {+inf, -inf}. */
/*@ assigns \nothing;
    ensures some_iv(\result) && \is_plus_infinity(\result.lo) && \is_minus_infinity(\result.hi);
    ensures \forall real x; !in_iv(\result, x);
*/
iv_t iv_empty(void);
/* 1 if a is empty (or NaN), else 0. */
/*@ requires some_iv(a);
    assigns \nothing;
    ensures \result != 0 ==> \forall real x; !in_iv(a, x);
    ensures \is_plus_infinity(a.lo) && \is_minus_infinity(a.hi) ==> \result != 0;
    ensures \result == 0 && \is_finite(a.lo) && \is_finite(a.hi) ==> a.lo <= a.hi;
*/
static inline int iv_is_empty(iv_t a) { return !(a.lo <= a.hi); }
/* 1 if x lies in a. */
int iv_contains(iv_t a, double x);
/* 1 if every point of b lies in a. */
int iv_subset(iv_t b, iv_t a);
/* hi - lo rounded up. */
double iv_width(iv_t a);
/* Midpoint (rounded to nearest; lies in a); a number (0 for the whole line). */
/*@ requires valid_iv(a);
    assigns \nothing;
    ensures \is_finite(\result);
*/
double iv_mid(iv_t a);

/* Contains {-x : x in a}; exact. */
/*@ requires some_iv(a);
    assigns \nothing;
    ensures some_iv(\result) && (valid_iv(a) ==> valid_iv(\result));
    ensures \forall real x; in_iv(a, x) ==> in_iv(\result, -x);
    ensures \is_finite(a.hi) <==> \is_finite(\result.lo);
    ensures \is_finite(a.lo) <==> \is_finite(\result.hi);
    ensures \is_finite(a.hi) ==> \result.lo == -a.hi;
    ensures \is_finite(a.lo) ==> \result.hi == -a.lo;
*/
static inline iv_t iv_neg(iv_t a) { return iv(-a.hi, -a.lo); }
/* Contains {y x : x in a} for a sign y = -1 or +1 (a label); exact. */
/*@ requires some_iv(a) && \is_finite(y) && (y == 1 || y == -1);
    assigns \nothing;
    ensures some_iv(\result) && (valid_iv(a) ==> valid_iv(\result));
    ensures \forall real x; in_iv(a, x) ==> in_iv(\result, y * x);
    ensures \forall real x; in_iv(a, x) ==> in_iv(\result, y > 0 ? x : -x);
*/
static inline iv_t iv_times_sign(iv_t a, double y)
{
    if (y > 0) {
        //@ assert y == 1;
        return a;
    }
    //@ assert y == -1;
    return iv_neg(a);
}
/* Above |x| for every x in a: max(-a.lo, a.hi), exact. */
/*@ requires valid_iv(a);
    assigns \nothing;
    ensures hi_ok(\result);
    ensures \forall real x; in_iv(a, x) ==> above(\result, \abs(x));
*/
static inline double iv_mag(iv_t a)
{
    double l = -a.lo;
    return l > a.hi ? l : a.hi;
}
/* Contains {x + y : x in a, y in b}. */
/*@ requires valid_iv(a) && valid_iv(b);
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real x, y; in_iv(a, x) && in_iv(b, y) ==> in_iv(\result, x + y);
*/
static inline iv_t iv_add(iv_t a, iv_t b) { return iv(iv_add_down(a.lo, b.lo), iv_add_up(a.hi, b.hi)); }
/* Contains {x - y : x in a, y in b}. */
/*@ requires valid_iv(a) && valid_iv(b);
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real x, y; in_iv(a, x) && in_iv(b, y) ==> in_iv(\result, x - y);
*/
static inline iv_t iv_sub(iv_t a, iv_t b) { return iv_add(a, iv_neg(b)); }
/* The ends of x y for x in [al, ah], 0 <= al or ah <= 0, and y above bl /
 * below bh: the corner by the sign of y's end (specs/product.acsl.h). */
/*@ requires \is_finite(al) && 0 <= al && hi_ok(ah) && lo_ok(bl);
    assigns \nothing;
    ensures lo_ok(\result);
    ensures \forall real x, y; below(al, x) && above(ah, x) && below(bl, y) ==> below(\result, x * y);
*/
static inline double iv_mul_nonneg_lo(double al, double ah, double bl)
{
    if (bl >= 0) return iv_mul_down(al, bl);
    if (ah == 0) return 0.0; /* x = 0 */
    if (!isfinite(bl)) return bl; /* -inf */
    if (!isfinite(ah)) return -ah;
    return iv_mul_down(ah, bl);
}
/*@ requires \is_finite(al) && 0 <= al && hi_ok(ah) && hi_ok(bh);
    assigns \nothing;
    ensures hi_ok(\result);
    ensures \forall real x, y; below(al, x) && above(ah, x) && above(bh, y) ==> above(\result, x * y);
*/
static inline double iv_mul_nonneg_hi(double al, double ah, double bh)
{
    if (bh <= 0) return iv_mul_up(al, bh);
    if (ah == 0) return 0.0; /* x = 0 */
    if (!isfinite(bh)) return bh; /* +inf */
    if (!isfinite(ah)) return ah;
    return iv_mul_up(ah, bh);
}
/*@ requires lo_ok(al) && \is_finite(ah) && ah <= 0 && hi_ok(bh);
    assigns \nothing;
    ensures lo_ok(\result);
    ensures \forall real x, y; below(al, x) && above(ah, x) && above(bh, y) ==> below(\result, x * y);
*/
static inline double iv_mul_nonpos_lo(double al, double ah, double bh)
{
    if (bh <= 0) return iv_mul_down(ah, bh);
    if (al == 0) return 0.0; /* x = 0 */
    if (!isfinite(bh)) return -bh; /* -inf */
    if (!isfinite(al)) return al;
    return iv_mul_down(al, bh);
}
/*@ requires lo_ok(al) && \is_finite(ah) && ah <= 0 && lo_ok(bl);
    assigns \nothing;
    ensures hi_ok(\result);
    ensures \forall real x, y; below(al, x) && above(ah, x) && below(bl, y) ==> above(\result, x * y);
*/
static inline double iv_mul_nonpos_hi(double al, double ah, double bl)
{
    if (bl >= 0) return iv_mul_up(ah, bl);
    if (al == 0) return 0.0; /* x = 0 */
    if (!isfinite(bl)) return -bl; /* +inf */
    if (!isfinite(al)) return -al;
    return iv_mul_up(al, bl);
}
/* Contains {x * y : x in a, y in b} for a finite a.lo >= 0. */
/*@ requires valid_iv(a) && valid_iv(b) && \is_finite(a.lo) && 0 <= a.lo;
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real x, y; in_iv(a, x) && in_iv(b, y) ==> below(\result.lo, x * y);
    ensures \forall real x, y; in_iv(a, x) && in_iv(b, y) ==> above(\result.hi, x * y);
*/
static inline iv_t iv_mul_nonneg(iv_t a, iv_t b)
{
    return iv(iv_mul_nonneg_lo(a.lo, a.hi, b.lo), iv_mul_nonneg_hi(a.lo, a.hi, b.hi));
}

/* Contains {x * y : x in a, y in b}: the hull over a's halves [0, hi] and [lo, 0]. */
/*@ requires valid_iv(a) && valid_iv(b);
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real x, y; in_iv(a, x) && in_iv(b, y) ==> below(\result.lo, x * y);
    ensures \forall real x, y; in_iv(a, x) && in_iv(b, y) ==> above(\result.hi, x * y);
*/
iv_t iv_mul_general(iv_t a, iv_t b);

/* Contains {x * y : x in a, y in b}. Inline: one sign of a is the common case. */
/*@ requires valid_iv(a) && valid_iv(b);
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real x, y; in_iv(a, x) && in_iv(b, y) ==> below(\result.lo, x * y);
    ensures \forall real x, y; in_iv(a, x) && in_iv(b, y) ==> above(\result.hi, x * y);
*/
static inline iv_t iv_mul(iv_t a, iv_t b)
{
    if (isfinite(a.lo) && a.lo >= 0) return iv_mul_nonneg(a, b);
    if (isfinite(a.hi) && a.hi <= 0)
        return iv(iv_mul_nonpos_lo(a.lo, a.hi, b.hi), iv_mul_nonpos_hi(a.lo, a.hi, b.lo));
    return iv_mul_general(a, b);
}
/* The ends of x / y for x above al / below ah and y in [bl, bh], 0 < bl:
 * the corner by the sign of x's end (specs/product.acsl.h). */
/*@ requires lo_ok(al) && \is_finite(bl) && hi_ok(bh) && 0 < bl && (\is_finite(bh) ==> bl <= bh);
    assigns \nothing;
    ensures lo_ok(\result);
    ensures \is_finite(\result) ==>
      \forall real x, y; below(al, x) && below(bl, y) && above(bh, y) ==> \result <= quot(x, y);
*/
static inline double iv_div_pos_lo(double al, double bl, double bh)
{
    if (!isfinite(al)) return al; /* -inf */
    if (al >= 0) {
        //@ assert 0 <= al; // the sign as a real, for the provers
        if (!isfinite(bh)) return 0.0; /* x / y > 0 */
        return iv_div_down(al, bh);
    }
    //@ assert al < 0;
    return iv_div_down(al, bl);
}
/*@ requires hi_ok(ah) && \is_finite(bl) && hi_ok(bh) && 0 < bl && (\is_finite(bh) ==> bl <= bh);
    assigns \nothing;
    ensures hi_ok(\result);
    ensures \is_finite(\result) ==>
      \forall real x, y; above(ah, x) && below(bl, y) && above(bh, y) ==> quot(x, y) <= \result;
*/
static inline double iv_div_pos_hi(double ah, double bl, double bh)
{
    if (!isfinite(ah)) return ah; /* +inf */
    if (ah >= 0) {
        //@ assert 0 <= ah;
        return iv_div_up(ah, bl);
    }
    //@ assert ah < 0;
    if (!isfinite(bh)) return 0.0; /* x / y < 0 */
    return iv_div_up(ah, bh);
}
/* Contains {x / y : x in a, y in b} for b > 0. */
/*@ requires valid_iv(a) && valid_iv(b) && \is_finite(b.lo) && 0 < b.lo && (\is_finite(b.hi) ==> b.lo <= b.hi);
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real x, y; in_iv(a, x) && in_iv(b, y) ==> in_iv(\result, quot(x, y));
*/
static inline iv_t iv_div_pos(iv_t a, iv_t b)
{
    iv_t r = {iv_div_pos_lo(a.lo, b.lo, b.hi), iv_div_pos_hi(a.hi, b.lo, b.hi)};
    return r;
}
/* +inf. Frama-C's INFINITY is a float, whose conversion WP does not model;
 * admitted (A3), checked by tests/t-interval.c. */
/*@ assigns \nothing;
    ensures \is_plus_infinity(\result);
*/
static inline double iv_inf(void) { return INFINITY; }
/* n as a double: exact for |n| <= 2^53, every such integer being a double
 * (C11 6.3.1.4). WP models the conversion as a rounding it cannot undo;
 * admitted (A8), checked by tests/t-interval.c. */
/*@ requires -0x1p53 <= n <= 0x1p53;
    assigns \nothing;
    ensures \is_finite(\result) && \result == n;
*/
static inline double iv_long(long n) { return (double)n; }
/* Contains {x / y : x in a, y in b, y != 0}: the whole line when 0 is in b. */
/*@ requires valid_iv(a) && valid_iv(b);
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real x, y; in_iv(a, x) && in_iv(b, y) && y != 0 ==> in_iv(\result, quot(x, y));
*/
static inline iv_t iv_div(iv_t a, iv_t b)
{
    if (b.lo > b.hi) return b; /* b holds no y */
    if (b.lo > 0) return iv_div_pos(a, b);
    if (b.hi < 0) {
        //@ assert \is_finite(b.lo) ==> b.lo <= b.hi; // as reals, for the provers
        return iv_div_pos(iv_neg(a), iv_neg(b)); /* x / y = -x / -y */
    }
    iv_t line = {-iv_inf(), iv_inf()};
    return line;
}
/* Contains {x * x : x in a}; lo >= 0. */
/*@ requires valid_iv(a);
    assigns \nothing;
    ensures valid_iv(\result) && \result.lo >= 0;
    ensures \forall real x; in_iv(a, x) ==> in_iv(\result, x * x);
*/
iv_t iv_sqr(iv_t a);
/* Contains {sqrt(x) : x in a, x >= 0}; empty if a < 0 everywhere. */
/*@ requires valid_iv(a);
    assigns \nothing;
    ensures some_iv(\result);
    ensures \is_finite(\result.lo) ==> valid_iv(\result) && \result.lo >= 0;
    ensures \forall real x; in_iv(a, x) && x >= 0 ==> in_iv(\result, \sqrt(x));
*/
iv_t iv_sqrt(iv_t a);
/* Contains {acos(x) : x in a, -1 <= x <= 1}, within [0, pi];
 * empty if a misses [-1, 1]. */
/*@ requires valid_iv(a);
    assigns \nothing;
    ensures some_iv(\result);
    ensures \is_finite(\result.lo) ==> \is_finite(\result.hi) && 0 <= \result.lo;
    ensures \forall real x; in_iv(a, x) && -1 <= x <= 1 ==> in_iv(\result, acos(x));
*/
iv_t iv_acos(iv_t a);
/* The smallest interval holding a and b. */
/*@ requires valid_iv(a) && valid_iv(b);
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real x; in_iv(a, x) || in_iv(b, x) ==> in_iv(\result, x);
*/
iv_t iv_hull(iv_t a, iv_t b);
/* a intersected with b (possibly empty). */
/*@ requires valid_iv(a) && valid_iv(b);
    assigns \nothing;
    ensures valid_iv(\result) || (\is_plus_infinity(\result.lo) && \is_minus_infinity(\result.hi));
    ensures \forall real x; in_iv(a, x) && in_iv(b, x) ==> in_iv(\result, x);
    ensures \is_finite(b.lo) && valid_iv(\result) ==> \is_finite(\result.lo) && b.lo <= \result.lo;
    ensures \is_finite(b.hi) && valid_iv(\result) ==> \is_finite(\result.hi) && \result.hi <= b.hi;
*/
iv_t iv_intersect(iv_t a, iv_t b);
/* a, or the whole line when a is not an interval the arithmetic accepts (an
 * empty enclosure holds no real, so any interval contains what it does). */
/*@ requires some_iv(a);
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real x; in_iv(a, x) ==> in_iv(\result, x);
*/
iv_t iv_or_line(iv_t a);
/* Contains pi: [M_PI, next double] (M_PI < pi, assumption A4). */
/*@ assigns \nothing;
    ensures \is_finite(\result.lo) && \is_finite(\result.hi) && 3 <= \result.lo && \result.hi <= 4;
    ensures in_iv(\result, pi);
*/
static inline iv_t iv_pi(void) { iv_t r = {0x1.921fb54442d18p+1, 0x1.921fb54442d19p+1}; return r; }
/* t[i] = v. Its contract is the frame a loop storing enclosures needs: the
 * entries before i, and every double outside t's block, as they were. */
/*@ requires 0 <= i && \valid(t + i);
    assigns t[i];
    ensures t[i] == v;
    ensures \forall integer j; 0 <= j < i ==> t[j] == \old(t[j]);
    ensures \forall double *q; \base_addr(q) != \base_addr(t) ==> *q == \old(*q);
    ensures \forall iv_t *q; \base_addr(q) != \base_addr(t) ==> *q == \old(*q);
*/
static inline void iv_store(iv_t *t, long i, iv_t v) { t[i] = v; }
#ifdef __FRAMAC__
/*@ logic real dotp{L}(double *x, double *z, integer n) =
      n <= 0 ? 0 : dotp(x, z, n - 1) + x[n - 1] * z[n - 1];
*/
#endif
/* Contains sum_k x[k] * z[k] for the doubles x[0..n-1], z[0..n-1]. */
/*@ requires n >= 0 && \valid_read(x + (0 .. n - 1)) && \valid_read(z + (0 .. n - 1));
    requires \forall integer k; 0 <= k < n ==> \is_finite(x[k]) && \is_finite(z[k]);
    assigns \nothing;
    ensures valid_iv(\result) && in_iv(\result, dotp(x, z, n));
*/
iv_t iv_dot(const double *x, const double *z, long n);

#endif
