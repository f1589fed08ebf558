/* The interval core contains the exact result (Arb's t-add.c style):
 * + - * / and sqr against GMP rationals, sqrt and acos against MPFR at 256
 * bits with directed rounding, on 10^6 random operand pairs and edge cases. */
#include "ntkcert/interval.h"
#include "ntkcert/rng.h"
#include "tap.h"

#include <float.h>
#include <gmp.h>
#include <math.h>
#include <mpfr.h>
#include <string.h>

#define PAIRS 1000000

static rng_t R;

static const double specials[] = {0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 3.0, DBL_MIN, -DBL_MIN,
                                  DBL_TRUE_MIN, -DBL_TRUE_MIN, DBL_MAX, -DBL_MAX, 1e300, -1e300,
                                  1e-300, -1e-300, 0x1p-1022 * 0.75, M_PI, 1e16, 1.0 + DBL_EPSILON};

/* A random double from a mix of distributions: all bit patterns, moderate
 * magnitudes, small integers, special values. */
static double rand_double(void)
{
    switch (rng_below(&R, 5)) {
    case 0: {
        double x;
        do {
            uint64_t b = rng_u64(&R);
            memcpy(&x, &b, sizeof x);
        } while (!isfinite(x));
        return x;
    }
    case 1: return (2 * rng_uniform(&R) - 1) * ldexp(1.0, (int)rng_below(&R, 41) - 20);
    case 2: return (double)((int)rng_below(&R, 21) - 10);
    case 3: return specials[rng_below(&R, sizeof specials / sizeof *specials)];
    default: return (2 * rng_uniform(&R) - 1) * ldexp(1.0, (int)rng_below(&R, 2000) - 1000);
    }
}

static iv_t rand_iv(void)
{
    double a = rand_double(), b = rng_below(&R, 4) == 0 ? a : rand_double();
    iv_t r = a <= b ? iv(a, b) : iv(b, a);
    if (rng_below(&R, 50) == 0) r.lo = -INFINITY;
    if (rng_below(&R, 50) == 0) r.hi = INFINITY;
    return r;
}

/* A finite point of a: an endpoint or a point between them. */
static double rand_in(iv_t a)
{
    double lo = isfinite(a.lo) ? a.lo : fmax(-DBL_MAX, (isfinite(a.hi) ? fmin(a.hi, 0) : 0) - 1e300 * rng_uniform(&R));
    double hi = isfinite(a.hi) ? a.hi : fmin(DBL_MAX, fmax(lo, 0) + 1e300 * rng_uniform(&R));
    switch (rng_below(&R, 3)) {
    case 0: return lo;
    case 1: return hi;
    default: {
        double t = rng_uniform(&R), x = lo * (1 - t) + hi * t;
        return isfinite(x) ? fmin(hi, fmax(lo, x)) : lo;
    }
    }
}

static int valid(iv_t r) { return !isnan(r.lo) && !isnan(r.hi) && r.lo <= r.hi && r.lo < INFINITY && r.hi > -INFINITY; }

/* lo <= q <= hi for an exact rational q. */
static int q_in(const mpq_t q, iv_t r)
{
    mpq_t t;
    mpq_init(t);
    int okay = 1;
    if (isfinite(r.lo)) { mpq_set_d(t, r.lo); okay &= mpq_cmp(t, q) <= 0; }
    if (isfinite(r.hi)) { mpq_set_d(t, r.hi); okay &= mpq_cmp(q, t) <= 0; }
    mpq_clear(t);
    return okay;
}

enum { ADD, SUB, MUL, DIV, SQR, NOPS };
static const char *opname[NOPS] = {"add", "sub", "mul", "div", "sqr"};

static int check_op(int op, iv_t a, iv_t b, double x, double y, mpq_t qx, mpq_t qy, mpq_t q)
{
    iv_t r;
    switch (op) {
    case ADD: r = iv_add(a, b); mpq_add(q, qx, qy); break;
    case SUB: r = iv_sub(a, b); mpq_sub(q, qx, qy); break;
    case MUL: r = iv_mul(a, b); mpq_mul(q, qx, qy); break;
    case DIV: if (y == 0) return 1;
        r = iv_div(a, b); mpq_div(q, qx, qy); break;
    default: r = iv_sqr(a); mpq_mul(q, qx, qx); break;
    }
    (void)x;
    return valid(r) && q_in(q, r);
}

static void test_rational_ops(void)
{
    mpq_t qx, qy, q;
    mpq_inits(qx, qy, q, NULL);
    long bad[NOPS] = {0};
    iv_t first_bad_a[NOPS], first_bad_b[NOPS];
    for (long k = 0; k < PAIRS; k++) {
        iv_t a = rand_iv(), b = rand_iv();
        double x = rand_in(a), y = rand_in(b);
        mpq_set_d(qx, x);
        mpq_set_d(qy, y);
        for (int op = 0; op < NOPS; op++)
            if (!check_op(op, a, b, x, y, qx, qy, q) && bad[op]++ == 0) {
                first_bad_a[op] = a;
                first_bad_b[op] = b;
            }
    }
    for (int op = 0; op < NOPS; op++) {
        ok(bad[op] == 0, "iv_%s contains the exact rational result on %d random pairs", opname[op], PAIRS);
        if (bad[op]) tap_diag("%ld failures, first [%a,%a] op [%a,%a]", bad[op], first_bad_a[op].lo,
                              first_bad_a[op].hi, first_bad_b[op].lo, first_bad_b[op].hi);
    }
    /* Every pair of special values as point intervals, all corner points. */
    long sbad = 0;
    const int ns = sizeof specials / sizeof *specials;
    for (int i = 0; i < ns; i++)
        for (int j = 0; j < ns; j++) {
            double x = specials[i], y = specials[j];
            iv_t a = iv_point(x), b = iv_point(y);
            mpq_set_d(qx, x);
            mpq_set_d(qy, y);
            for (int op = 0; op < NOPS; op++) sbad += !check_op(op, a, b, x, y, qx, qy, q);
        }
    ok(sbad == 0, "every op contains the exact result on all %d pairs of special values", ns * ns);
    mpq_clears(qx, qy, q, NULL);
}

static void test_div_zero(void)
{
    iv_t r = iv_div(iv(1, 2), iv(-1, 1));
    ok(r.lo == -INFINITY && r.hi == INFINITY, "division by an interval containing 0 is the whole line");
    r = iv_div(iv(1, 2), iv(0, 1));
    ok(r.lo == -INFINITY && r.hi == INFINITY, "division by [0, 1] is the whole line");
    r = iv_div(iv(1, 2), iv(-0.0, 0.0));
    ok(r.lo == -INFINITY && r.hi == INFINITY, "division by [-0, 0] is the whole line");
    r = iv_div(iv(1, 2), iv(2, 4));
    ok(r.lo <= 0.25 && r.hi >= 1 && r.hi < 1.0000001, "[1,2]/[2,4] encloses [0.25, 1] tightly");
    r = iv_div(iv(1, 2), iv(-4, -2));
    ok(r.lo <= -1 && r.lo > -1.0000001 && r.hi >= -0.25 && r.hi < -0.2499999, "[1,2]/[-4,-2] encloses [-1, -0.25] tightly");
    r = iv_div(iv(1, 2), iv(2, INFINITY));
    ok(r.lo == 0 && r.hi >= 1 && r.hi < 1.0000001, "[1,2]/[2,inf] is [0, 1]");
    r = iv_div(iv(-2, -1), iv(2, INFINITY));
    ok(r.lo <= -1 && r.lo > -1.0000001 && r.hi == 0, "[-2,-1]/[2,inf] is [-1, 0]");
    r = iv_div(iv(-1, 1), iv(-INFINITY, -2));
    ok(r.lo <= -0.5 && r.hi >= 0.5 && r.hi < 0.5000001, "[-1,1]/[-inf,-2] is [-0.5, 0.5]");
    ok(iv_inf() == INFINITY, "iv_inf is +inf (A3)");
    {
        /* A8: integers up to 2^53 convert exactly (both ways agree) */
        long edge[] = {0, 1, -1, 784, 4095, (1L << 52) + 1, (1L << 53) - 1, 1L << 53, -(1L << 53)};
        int bad = 0;
        for (size_t k = 0; k < sizeof edge / sizeof *edge; k++)
            if ((long)iv_long(edge[k]) != edge[k]) bad++;
        unsigned long long s = 88172645463325252ULL;
        for (int k = 0; k < 1000000; k++) {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            long n = (long)(s >> (11 + k % 40)) * (k & 1 ? 1 : -1); /* |n| < 2^53, every size */
            if ((long)iv_long(n) != n) bad++;
        }
        ok(bad == 0, "assumption A8: iv_long is exact on 10^6 integers below 2^53 in magnitude and at 2^53");
    }
    r = iv_mul(iv(0, 0), iv(-INFINITY, INFINITY));
    ok(r.lo == 0 && r.hi == 0, "[0,0] * R = [0,0] (intervals hold reals only)");
}

/* [d, u] encloses f(x) at 256 bits: d = f(x) rounded down, u = d if that
 * was exact, else the next 256-bit number. One evaluation per check. */
static void mp_enclose(int (*f)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t), double x, mpfr_ptr d, mpfr_ptr u)
{
    mpfr_t v;
    mpfr_init2(v, 64);
    mpfr_set_d(v, x, MPFR_RNDN);
    int t = f(d, v, MPFR_RNDD);
    mpfr_set(u, d, MPFR_RNDN);
    if (t) mpfr_nextabove(u);
    mpfr_clear(v);
}

static int mp_in(int (*f)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t), double x, iv_t r)
{
    mpfr_t d, u;
    mpfr_inits2(256, d, u, (mpfr_ptr)0);
    mp_enclose(f, x, d, u);
    int okay = mpfr_cmp_d(d, r.lo) >= 0 && mpfr_cmp_d(u, r.hi) <= 0;
    mpfr_clears(d, u, (mpfr_ptr)0);
    return okay;
}

/* Also checks assumption A2 (specs/ASSUMPTIONS.md): libm's acos errs by
 * less than 1 ulp, measured at every acos test point. */
static void test_sqrt_acos(void)
{
    long sbad = 0, abad = 0;
    double worst = 0, at = 0;
    mpfr_t d, up, diff;
    mpfr_inits2(256, d, up, diff, (mpfr_ptr)0);
    for (long k = 0; k < PAIRS; k++) {
        iv_t a = rand_iv();
        double x = rand_in(a);
        if (x >= 0) {
            iv_t r = iv_sqrt(a);
            sbad += !(valid(r) && r.lo >= 0 && mp_in(mpfr_sqrt, x, r));
        }
        /* acos: intervals within or across [-1, 1], points near -1, 0, 1 */
        double u;
        switch (rng_below(&R, 4)) {
        case 0: u = 2 * rng_uniform(&R) - 1; break;
        case 1: u = 1 - ldexp(rng_uniform(&R), -(int)rng_below(&R, 60)); break;
        case 2: u = -1 + ldexp(rng_uniform(&R), -(int)rng_below(&R, 60)); break;
        default: u = ldexp(2 * rng_uniform(&R) - 1, -(int)rng_below(&R, 1000)); break;
        }
        double w = rng_uniform(&R) * (rng_below(&R, 2) ? 1e-3 : 2.5);
        iv_t ua = iv(u - w * rng_uniform(&R), u + w * rng_uniform(&R));
        if (rng_below(&R, 4) == 0) ua = iv_point(u);
        iv_t r = iv_acos(ua);
        mp_enclose(mpfr_acos, u, d, up);
        abad += !(valid(r) && r.lo >= 0 && r.hi <= M_PI + 1e-15 &&
                  mpfr_cmp_d(d, r.lo) >= 0 && mpfr_cmp_d(up, r.hi) <= 0);
        double au = acos(u), ulp = nextafter(au, INFINITY) - au;
        mpfr_sub_d(diff, d, au, MPFR_RNDN);
        double err = fabs(mpfr_get_d(diff, MPFR_RNDN)) / ulp;
        if (err > worst) { worst = err; at = u; }
    }
    mpfr_clears(d, up, diff, (mpfr_ptr)0);
    ok(sbad == 0, "iv_sqrt contains MPFR's 256-bit sqrt on %d random intervals", PAIRS);
    ok(abad == 0, "iv_acos contains MPFR's 256-bit acos on %d random intervals", PAIRS);
    ok(worst < 1.0, "libm acos errs by less than 1 ulp on %d points (worst %.3f ulp at %a)", PAIRS, worst, at);
    const double edges[] = {-1.0, 1.0, 0.0, -0.0, DBL_TRUE_MIN, -DBL_TRUE_MIN, 1 - DBL_EPSILON / 2, -1 + DBL_EPSILON / 2};
    int ebad = 0;
    for (size_t i = 0; i < sizeof edges / sizeof *edges; i++)
        ebad += !mp_in(mpfr_acos, edges[i], iv_acos(iv_point(edges[i])));
    ok(ebad == 0, "iv_acos contains acos at -1, 1, +-0, +-subnormal, 1-eps/2, -1+eps/2");
    iv_t r = iv_acos(iv(-5, 5));
    ok(r.lo == 0 && r.hi >= M_PI && r.hi < 3.1415927, "iv_acos([-5,5]) = [0, pi] (domain clipped)");
    ok(iv_is_empty(iv_acos(iv(1.5, 2))), "iv_acos of an interval outside [-1,1] is empty");
    ok(iv_is_empty(iv_sqrt(iv(-2, -1))), "iv_sqrt of a negative interval is empty");
    r = iv_sqrt(iv(-1, 4));
    ok(r.lo == 0 && r.hi >= 2, "iv_sqrt([-1,4]) = [0, 2+]");
    r = iv_sqrt(iv(DBL_TRUE_MIN, DBL_TRUE_MIN));
    ok(mp_in(mpfr_sqrt, DBL_TRUE_MIN, r), "iv_sqrt of the smallest subnormal");
}

/* Assumption A7: the Acos axioms of specs/interval.acsl.h, at 256 bits. */
static void test_acos_axioms(void)
{
    mpfr_t a, b, pi;
    mpfr_inits2(256, a, b, pi, (mpfr_ptr)0);
    mpfr_const_pi(pi, MPFR_RNDN);
    long bad = 0;
    for (long k = 0; k < 100000; k++) {
        double x = 2 * rng_uniform(&R) - 1, y = 2 * rng_uniform(&R) - 1;
        if (k % 3 == 0) y = nextafter(x, 2.0); /* adjacent doubles */
        if (x > y) { double t = x; x = y; y = t; }
        if (y > 1) y = 1;
        mpfr_set_d(a, x, MPFR_RNDN);
        mpfr_acos(a, a, MPFR_RNDN);
        mpfr_set_d(b, y, MPFR_RNDN);
        mpfr_acos(b, b, MPFR_RNDN);
        bad += mpfr_cmp(b, a) > 0 || mpfr_sgn(b) < 0 || mpfr_cmp(a, pi) > 0;
    }
    mpfr_set_d(a, 1.0, MPFR_RNDN);
    mpfr_acos(a, a, MPFR_RNDN);
    mpfr_set_d(b, -1.0, MPFR_RNDN);
    mpfr_acos(b, b, MPFR_RNDN);
    bad += !mpfr_zero_p(a) || mpfr_cmp(b, pi) != 0;
    ok(bad == 0, "assumption A7: acos in [0, pi] and decreasing on 10^5 ordered pairs, acos(1) = 0, acos(-1) = pi");
    mpfr_clears(a, b, pi, (mpfr_ptr)0);
}

/* Assumption A3: the bit step is C11's nextafter. */
static void test_steps(void)
{
    long bad = 0;
    for (long k = 0; k < PAIRS; k++) {
        double x = k < (long)(sizeof specials / sizeof *specials) ? specials[k] : rand_double();
        bad += iv_down(x) != nextafter(x, -INFINITY) || iv_up(x) != nextafter(x, INFINITY);
    }
    bad += iv_down(-INFINITY) != -INFINITY || iv_up(INFINITY) != INFINITY || iv_up(DBL_MAX) != INFINITY ||
           iv_down(0.0) != -DBL_TRUE_MIN || iv_up(-0.0) != DBL_TRUE_MIN;
    ok(bad == 0, "assumption A3: iv_down/iv_up equal nextafter on %d doubles and at +-0, +-inf, DBL_MAX", PAIRS);
}

static void test_misc(void)
{
    iv_t a = iv(-1, 2), b = iv(3, 5);
    iv_t h = iv_hull(a, b), x = iv_intersect(a, b);
    ok(h.lo == -1 && h.hi == 5, "hull");
    ok(iv_is_empty(x), "intersection of disjoint intervals is empty");
    x = iv_intersect(iv(0, 4), iv(1, 9));
    ok(x.lo == 1 && x.hi == 4, "intersection");
    ok(iv_neg(a).lo == -2 && iv_neg(a).hi == 1, "neg is exact");
    ok(iv_contains(iv_pi(), M_PI) && iv_pi().hi > M_PI && iv_pi().hi - M_PI < 1e-15, "iv_pi is one ulp wide");
    mpfr_t pi;
    mpfr_init2(pi, 256);
    mpfr_const_pi(pi, MPFR_RNDN);
    ok(mpfr_cmp_d(pi, iv_pi().lo) > 0 && mpfr_cmp_d(pi, iv_pi().hi) < 0, "assumption A4: M_PI < pi < next double");
    mpfr_clear(pi);
    iv_t s = iv_sqr(iv(-3, 2));
    ok(s.lo == 0 && s.hi >= 9, "sqr of an interval across 0 starts at 0");
    double xs[3] = {0.1, 0.2, 0.3}, zs[3] = {0.3, 0.2, 0.1};
    mpq_t q, t, acc;
    mpq_inits(q, t, acc, NULL);
    for (int k = 0; k < 3; k++) {
        mpq_set_d(q, xs[k]);
        mpq_set_d(t, zs[k]);
        mpq_mul(q, q, t);
        mpq_add(acc, acc, q);
    }
    ok(q_in(acc, iv_dot(xs, zs, 3)), "iv_dot contains the exact dot product");
    mpq_clears(q, t, acc, NULL);
}

int main(void)
{
    rng_seed(&R, 20211206);
    test_rational_ops();
    test_div_zero();
    test_sqrt_acos();
    test_acos_axioms();
    test_steps();
    test_misc();
    return tap_done();
}
