/* search.h: what the radius searches of cert.c (kernel machines) and ibp.c
 * (networks) share: how the next delta is proposed, when the bracket is
 * narrow, and what a search returns. Internal to the library. */
#ifndef NTKCERT_SEARCH_H
#define NTKCERT_SEARCH_H

#include "ntkcert/interval.h"

#include <math.h>

/* How the search picks its next delta: Illinois regula falsi on the
 * bound's values at the bracket's ends, with a bisection step (geometric,
 * or decimal from lo = 0) whenever two steps in a row leave more than half
 * of the bracket in log scale. A heuristic outside the certified path:
 * search() checks that every proposal lies inside the bracket and only
 * returns a delta whose bound it verified, so these are not proved. Passed
 * by value, so that the search writes no memory its contract reads. */
typedef struct { double flo, fhi, t; int side, slow; } stepper;

/* st with its next proposal in st.t. */
/*@ assigns \nothing; */
static inline stepper step_next(stepper st, double lo, double hi, double tol)
{
    double t = lo;
    if (st.slow < 2 && isfinite(st.fhi) && st.fhi < 0 && st.flo > 0)
        t = lo + (hi - lo) * (st.flo / (st.flo - st.fhi));
    if (!(t > lo && t < hi)) {
        st.slow = 0;
        st.t = lo > 0 ? sqrt(lo) * sqrt(hi) : 0.1 * hi;
        return st;
    }
    if (lo > 0) { /* aim a little inside so that the verified end moves */
        double in = 1.0 + 0.25 * tol;
        t = fmin(fmax(t, lo * in), hi / in);
    }
    st.t = t;
    return st;
}

/* st after the bracket went from [lo0, hi0] to [lo, hi] on the bound's
 * lower end blo (verified > 0 when ok). */
/*@ assigns \nothing; */
static inline stepper step_record(stepper st, double lo0, double hi0, double lo, double hi, int ok, double blo)
{
    if (ok) {
        st.flo = blo;
        if (st.side == 1) st.fhi *= 0.5;
        st.side = 1;
    } else {
        st.fhi = blo;
        if (st.side == -1) st.flo *= 0.5;
        st.side = -1;
    }
    double w0 = lo0 > 0 ? log(hi0 / lo0) : INFINITY, w = lo > 0 ? log(hi / lo) : INFINITY;
    st.slow = (isfinite(w0) && w > 0.5 * w0) || !isfinite(w) ? st.slow + 1 : 0;
    return st;
}

/* The bracket [lo, hi] is narrow: hi <= lo (1 + tol). */
/*@ assigns \nothing; */
static inline int narrow(double lo, double hi, double tol) { return lo > 0 && hi <= lo * (1.0 + tol); }

/* An evaluation: the enclosure b, or rc an error (NC_ENOMEM in MPFI). */
typedef struct { int rc; iv_t b; } evald_t;

/* What the search found: delta, 0 or verified, the lower end lb of the
 * bound there, and the number of evaluations. */
typedef struct { int rc; double delta, lb; long steps; } found_t;

/* A guard on the evaluations of one search; it takes about 10 to 30. */
enum { SEARCH_MAX_STEPS = 200 };

#endif
