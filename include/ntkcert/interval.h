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

/* Doubles of widening applied on each side of libm's acos (assumption A2). */
#define IV_ACOS_ULPS 4

/* The largest double below x (x if x is -inf or NaN); exact. Inline: it is
 * on every endpoint. Steps the IEEE-754 bit pattern, as nextafter does. */
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
static inline double iv_up(double x) { return -iv_down(-x); }

/* [lo, hi]; the caller guarantees lo <= hi. */
static inline iv_t iv(double lo, double hi) { iv_t r = {lo, hi}; return r; }
/* [x, x]. */
static inline iv_t iv_point(double x) { iv_t r = {x, x}; return r; }
/* The empty interval. */
iv_t iv_empty(void);
/* 1 if a is empty (or NaN), else 0. */
static inline int iv_is_empty(iv_t a) { return !(a.lo <= a.hi); }
/* 1 if x lies in a. */
int iv_contains(iv_t a, double x);
/* 1 if every point of b lies in a. */
int iv_subset(iv_t b, iv_t a);
/* hi - lo rounded up. */
double iv_width(iv_t a);
/* Midpoint (rounded to nearest; lies in a). */
double iv_mid(iv_t a);

/* Contains {-x : x in a}; exact. */
iv_t iv_neg(iv_t a);
/* Contains {x + y : x in a, y in b}. */
static inline iv_t iv_add(iv_t a, iv_t b) { return iv(iv_down(a.lo + b.lo), iv_up(a.hi + b.hi)); }
/* Contains {x - y : x in a, y in b}. */
static inline iv_t iv_sub(iv_t a, iv_t b) { return iv(iv_down(a.lo - b.hi), iv_up(a.hi - b.lo)); }
/* The general cases of iv_mul and iv_div (any signs, infinities). */
iv_t iv_mul_general(iv_t a, iv_t b);
iv_t iv_div_general(iv_t a, iv_t b);

/* Product bounds where 0 * inf means 0: the intervals hold reals only. */
static inline double iv_mul_down(double x, double y) { return (x == 0 || y == 0) ? 0.0 : iv_down(x * y); }
static inline double iv_mul_up(double x, double y) { return (x == 0 || y == 0) ? 0.0 : iv_up(x * y); }

/* Contains {x * y : x in a, y in b}. Inline: the kernels' common cases. */
static inline iv_t iv_mul(iv_t a, iv_t b)
{
    if (a.lo >= 0 && b.lo >= 0) return iv(iv_mul_down(a.lo, b.lo), iv_mul_up(a.hi, b.hi));
    if (a.lo == a.hi) /* a point times a range */
        return a.lo >= 0 ? iv(iv_mul_down(a.lo, b.lo), iv_mul_up(a.lo, b.hi))
                         : iv(iv_mul_down(a.lo, b.hi), iv_mul_up(a.lo, b.lo));
    return iv_mul_general(a, b);
}
/* Contains {x / y : x in a, y in b, y != 0}; the whole line when 0 is in b. */
static inline iv_t iv_div(iv_t a, iv_t b)
{
    /* a finite over a positive finite-based b: no inf/inf, no 0 in b */
    if (b.lo > 0 && b.lo < INFINITY && a.lo > -INFINITY && a.hi < INFINITY) {
        double l = a.lo == 0 ? 0.0 : iv_down(a.lo >= 0 ? a.lo / b.hi : a.lo / b.lo);
        double h = a.hi == 0 ? 0.0 : iv_up(a.hi >= 0 ? a.hi / b.lo : a.hi / b.hi);
        return iv(l, h);
    }
    return iv_div_general(a, b);
}
/* Contains {x * x : x in a}; lo >= 0. */
iv_t iv_sqr(iv_t a);
/* Contains {sqrt(x) : x in a, x >= 0}; empty if a < 0 everywhere. */
iv_t iv_sqrt(iv_t a);
/* Contains {acos(x) : x in a, -1 <= x <= 1}, within [0, pi];
 * empty if a misses [-1, 1]. */
iv_t iv_acos(iv_t a);
/* The smallest interval holding a and b. */
iv_t iv_hull(iv_t a, iv_t b);
/* a intersected with b (possibly empty). */
iv_t iv_intersect(iv_t a, iv_t b);
/* Contains {max(x, y) : x in a, y in b} (exact). */
iv_t iv_max(iv_t a, iv_t b);
/* Contains pi: [M_PI, next double] (M_PI < pi, assumption A4). */
static inline iv_t iv_pi(void) { iv_t r = {0x1.921fb54442d18p+1, 0x1.921fb54442d19p+1}; return r; }
/* Contains sum_k x[k] * z[k] for the doubles x[0..n-1], z[0..n-1]. */
iv_t iv_dot(const double *x, const double *z, long n);

#endif
