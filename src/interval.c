/* Outward-rounded interval arithmetic on doubles: see interval.h. */
#include "ntkcert/interval.h"

#include <math.h>


iv_t iv_empty(void) { iv_t e = {iv_inf(), -iv_inf()}; return e; }
int iv_contains(iv_t a, double x) { return a.lo <= x && x <= a.hi; }
int iv_subset(iv_t b, iv_t a) { return iv_is_empty(b) || (a.lo <= b.lo && b.hi <= a.hi); }
double iv_width(iv_t a) { return iv_up(a.hi - a.lo); }
double iv_mid(iv_t a)
{
    if (!isfinite(a.lo) || !isfinite(a.hi))
        return isfinite(a.lo) ? a.lo : (isfinite(a.hi) ? a.hi : 0.0);
    double h1 = 0.5 * a.lo, h2 = 0.5 * a.hi; /* exact but for underflow; their sum cannot overflow */
    //@ assert \is_finite(h1) && \is_finite(h2);
    double m = h1 + h2; /* rounding keeps it in [lo, hi] up to the clamp below */
    return m < a.lo ? a.lo : (m > a.hi ? a.hi : m);
}



/* The smaller of two lower ends / the larger of two upper ends. */
/*@ requires lo_ok(x) && lo_ok(y);
    assigns \nothing;
    ensures lo_ok(\result);
    ensures \forall real z; below(x, z) || below(y, z) ==> below(\result, z);
*/
static double lo_min(double x, double y) { return x < y ? x : y; }
/*@ requires hi_ok(x) && hi_ok(y);
    assigns \nothing;
    ensures hi_ok(\result);
    ensures \forall real z; above(x, z) || above(y, z) ==> above(\result, z);
*/
static double hi_max(double x, double y) { return x > y ? x : y; }

iv_t iv_mul_general(iv_t a, iv_t b)
{
    return iv(lo_min(iv_mul_nonneg_lo(0.0, a.hi, b.lo), iv_mul_nonpos_lo(a.lo, 0.0, b.hi)),
              hi_max(iv_mul_nonneg_hi(0.0, a.hi, b.hi), iv_mul_nonpos_hi(a.lo, 0.0, b.lo)));
}

/* 0, a lower end of every square. */
/*@ assigns \nothing;
    ensures \is_finite(\result) && \result == 0;
    ensures \forall real x; below(\result, x * x);
*/
static double sqr_floor(void) { return 0.0; }

/* A lower end of {x^2 : x in a} from l, one below those squares: l if
 * l > 0, else 0. */
/*@ requires lo_ok(l);
    requires \forall real x; in_iv(a, x) ==> below(l, x * x);
    assigns \nothing;
    ensures \is_finite(\result) && \result >= 0;
    ensures \forall real x; in_iv(a, x) ==> below(\result, x * x);
*/
static double sqr_lo(iv_t a, double l)
{
    (void)a; /* a is read by the contract only */
    if (isfinite(l) && l > 0) return l;
    return sqr_floor();
}

iv_t iv_sqr(iv_t a)
{
    iv_t p = iv_mul(a, a);
    //@ assert square: \forall real x; in_iv(a, x) ==> below(p.lo, x * x) && above(p.hi, x * x);
    iv_t r = {sqr_lo(a, p.lo), p.hi};
    return r;
}

/* Below sqrt(x) for a finite x > 0, and above sqrt(x) for x >= 0 or +inf. */
/*@ requires \is_finite(x) && x > 0;
    assigns \nothing;
    ensures lo_ok(\result);
    ensures below(\result, \sqrt(x));
*/
static double sqrt_down(double x)
{
    double r = iv_out_down(iv_rn_sqrt(x));
    //@ assert rounded: below(r, \sqrt(x));
    return r;
}
/*@ requires hi_ok(x) && (\is_finite(x) ==> x >= 0);
    assigns \nothing;
    ensures hi_ok(\result);
    ensures \forall real y; above(x, y) && 0 <= y ==> above(\result, \sqrt(y));
*/
static double sqrt_up(double x)
{
    if (!isfinite(x)) return x; /* +inf */
    double r = iv_out_up(iv_rn_sqrt(x));
    //@ assert rounded: above(r, \sqrt(x));
    return r;
}

/* A lower end of sqrt(x) for the reals x >= 0 above l: 0 unless l > 0. */
/*@ requires lo_ok(l);
    assigns \nothing;
    ensures \is_finite(\result) && 0 <= \result;
    ensures \forall real x; below(l, x) && 0 <= x ==> \result <= \sqrt(x);
*/
static double sqrt_lo(double l)
{
    if (isfinite(l) && l > 0) {
        //@ assert 0 < l;
        double r = sqrt_down(l);
        if (isfinite(r) && r > 0) {
            //@ assert 0 < r;
            return r;
        }
    }
    return sqr_floor(); /* sqrt(x) >= 0 */
}

iv_t iv_sqrt(iv_t a)
{
    if (iv_is_empty(a)) return iv_empty();
    if (a.hi < 0) {
        //@ assert a.hi < 0; // as a real, for the provers
        return iv_empty();
    }
    iv_t r = {sqrt_lo(a.lo), sqrt_up(a.hi)};
    return r;
}


/* A lower end of acos(x) for the x in [-1, 1] below h: 0 unless h < 1. */
/*@ requires hi_ok(h);
    assigns \nothing;
    ensures \is_finite(\result) && 0 <= \result;
    ensures \forall real x; above(h, x) && -1 <= x <= 1 ==> \result <= acos(x);
*/
static double acos_lo(double h)
{
    if (isfinite(h) && h < 1.0 && h >= -1.0) {
        //@ assert -1 <= h < 1;
        double r = iv_acos_down(h);
        if (r > 0) {
            //@ assert 0 < r;
            return r;
        }
    }
    return sqr_floor(); /* acos(x) >= 0 */
}
/* An upper end of acos(x) for the x in [-1, 1] above l: pi's unless l > -1. */
/*@ requires lo_ok(l);
    assigns \nothing;
    ensures \is_finite(\result);
    ensures \forall real x; below(l, x) && -1 <= x <= 1 ==> acos(x) <= \result;
*/
static double acos_hi(double l)
{
    double p = iv_pi().hi;
    if (isfinite(l) && l > -1.0 && l <= 1.0) {
        //@ assert -1 < l <= 1;
        double r = iv_acos_up(l);
        if (r < p) return r;
    }
    return p; /* acos(x) <= pi */
}

iv_t iv_acos(iv_t a)
{
    if (iv_is_empty(a) || a.hi < -1.0 || a.lo > 1.0) return iv_empty();
    /* acos decreases: the minimum is at the upper end, the maximum at the lower */
    iv_t r = {acos_lo(a.hi), acos_hi(a.lo)};
    return r;
}

iv_t iv_hull(iv_t a, iv_t b)
{
    if (iv_is_empty(a)) return b;
    if (iv_is_empty(b)) return a;
    return iv(lo_min(a.lo, b.lo), hi_max(a.hi, b.hi));
}

/* The larger of two lower ends / the smaller of two upper ends. */
/*@ requires lo_ok(x) && lo_ok(y);
    assigns \nothing;
    ensures lo_ok(\result);
    ensures \forall real z; below(x, z) && below(y, z) ==> below(\result, z);
    ensures \is_finite(y) ==> \is_finite(\result) && y <= \result;
*/
static double lo_max(double x, double y) { return x < y ? y : x; }
/*@ requires hi_ok(x) && hi_ok(y);
    assigns \nothing;
    ensures hi_ok(\result);
    ensures \forall real z; above(x, z) && above(y, z) ==> above(\result, z);
    ensures \is_finite(y) ==> \is_finite(\result) && \result <= y;
*/
static double hi_min(double x, double y) { return x > y ? y : x; }

iv_t iv_intersect(iv_t a, iv_t b)
{
    iv_t r = iv(lo_max(a.lo, b.lo), hi_min(a.hi, b.hi));
    //@ assert common: \forall real x; in_iv(a, x) && in_iv(b, x) ==> in_iv(r, x);
    return iv_is_empty(r) ? iv_empty() : r;
}

iv_t iv_or_line(iv_t a)
{
    if ((isfinite(a.lo) || a.lo < 0) && (isfinite(a.hi) || a.hi > 0)) return a;
    return iv(-iv_inf(), iv_inf());
}

iv_t iv_dot(const double *x, const double *z, long n)
{
    iv_t s = iv_point(0.0);
    /*@ loop invariant 0 <= k <= n;
        loop invariant valid_iv(s) && in_iv(s, dotp(x, z, k));
        loop assigns k, s;
        loop variant n - k;
    */
    for (long k = 0; k < n; k++) {
        iv_t xk = iv_point(x[k]), zk = iv_point(z[k]);
        //@ assert points: in_iv(xk, x[k]) && in_iv(zk, z[k]);
        iv_t p = iv_mul(xk, zk);
        //@ assert term: below(p.lo, x[k] * z[k]) && above(p.hi, x[k] * z[k]);
        s = iv_add(s, p);
        //@ assert sum: in_iv(s, dotp(x, z, k) + x[k] * z[k]);
    }
    return s;
}
