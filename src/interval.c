/* Outward-rounded interval arithmetic on doubles: see interval.h. */
#include "ntkcert/interval.h"

#include <math.h>


iv_t iv_empty(void) { return iv(INFINITY, -INFINITY); }
int iv_contains(iv_t a, double x) { return a.lo <= x && x <= a.hi; }
int iv_subset(iv_t b, iv_t a) { return iv_is_empty(b) || (a.lo <= b.lo && b.hi <= a.hi); }
double iv_width(iv_t a) { return iv_up(a.hi - a.lo); }
double iv_mid(iv_t a)
{
    if (a.lo == -INFINITY || a.hi == INFINITY)
        return a.lo == -INFINITY ? (a.hi == INFINITY ? 0.0 : a.hi) : a.lo;
    double m = 0.5 * a.lo + 0.5 * a.hi; /* no overflow; rounding keeps it in [lo, hi] */
    return m < a.lo ? a.lo : (m > a.hi ? a.hi : m);
}



iv_t iv_mul_general(iv_t a, iv_t b)
{
    double l = fmin(fmin(iv_mul_down(a.lo, b.lo), iv_mul_down(a.lo, b.hi)),
                    fmin(iv_mul_down(a.hi, b.lo), iv_mul_down(a.hi, b.hi)));
    double h = fmax(fmax(iv_mul_up(a.lo, b.lo), iv_mul_up(a.lo, b.hi)),
                    fmax(iv_mul_up(a.hi, b.lo), iv_mul_up(a.hi, b.hi)));
    return iv(l, h);
}

static double div_down(double x, double y) { return x == 0 ? 0.0 : iv_out_down(x / y); }
static double div_up(double x, double y) { return x == 0 ? 0.0 : iv_out_up(x / y); }

iv_t iv_div_general(iv_t a, iv_t b)
{
    if (b.lo <= 0 && b.hi >= 0)
        return iv(-INFINITY, INFINITY);
    /* b has one sign and no zero: the extremes are at the corners; inf/inf
     * cannot occur with the numerator finite at the corner that matters, and
     * x/inf = 0 is a limit the closed interval may include. */
    double q[4] = {a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi};
    double l = INFINITY, h = -INFINITY;
    const double xs[4] = {a.lo, a.lo, a.hi, a.hi}, ys[4] = {b.lo, b.hi, b.lo, b.hi};
    for (int k = 0; k < 4; k++) {
        if (isnan(q[k])) { /* inf/inf: unbounded in the direction of its sign */
            double s = (xs[k] > 0) == (ys[k] > 0) ? INFINITY : -INFINITY;
            l = fmin(l, s); h = fmax(h, s);
            continue;
        }
        l = fmin(l, div_down(xs[k], ys[k]));
        h = fmax(h, div_up(xs[k], ys[k]));
    }
    return iv(l, h);
}

iv_t iv_sqr(iv_t a)
{
    if (a.lo >= 0) return iv(iv_mul_down(a.lo, a.lo), iv_mul_up(a.hi, a.hi));
    if (a.hi <= 0) return iv(iv_mul_down(a.hi, a.hi), iv_mul_up(a.lo, a.lo));
    double l2 = iv_mul_up(a.lo, a.lo), h2 = iv_mul_up(a.hi, a.hi);
    return iv(0.0, l2 > h2 ? l2 : h2);
}

iv_t iv_sqrt(iv_t a)
{
    if (iv_is_empty(a) || a.hi < 0) return iv_empty();
    double l = a.lo <= 0 ? 0.0 : iv_down(sqrt(a.lo));
    if (l < 0) l = 0.0;
    return iv(l, iv_up(sqrt(a.hi)));
}

static double widen(double x, int ulps, int up)
{
    for (int k = 0; k < ulps; k++) x = up ? iv_up(x) : iv_down(x);
    return x;
}


iv_t iv_acos(iv_t a)
{
    double lo = a.lo > -1.0 ? a.lo : -1.0, hi = a.hi < 1.0 ? a.hi : 1.0;
    if (!(lo <= hi)) return iv_empty();
    /* acos decreases: the minimum is at hi, the maximum at lo. */
    double l = hi == 1.0 ? 0.0 : widen(acos(hi), IV_ACOS_ULPS, 0);
    double h = lo == -1.0 ? iv_pi().hi : widen(acos(lo), IV_ACOS_ULPS, 1);
    return iv(l > 0.0 ? l : 0.0, h < iv_pi().hi ? h : iv_pi().hi);
}

iv_t iv_hull(iv_t a, iv_t b)
{
    if (iv_is_empty(a)) return b;
    if (iv_is_empty(b)) return a;
    return iv(fmin(a.lo, b.lo), fmax(a.hi, b.hi));
}

iv_t iv_intersect(iv_t a, iv_t b)
{
    iv_t r = iv(fmax(a.lo, b.lo), fmin(a.hi, b.hi));
    return iv_is_empty(r) ? iv_empty() : r;
}

iv_t iv_max(iv_t a, iv_t b) { return iv(fmax(a.lo, b.lo), fmax(a.hi, b.hi)); }

iv_t iv_dot(const double *x, const double *z, long n)
{
    iv_t s = iv_point(0.0);
    for (long k = 0; k < n; k++)
        s = iv_add(s, iv_mul(iv_point(x[k]), iv_point(z[k])));
    return s;
}
