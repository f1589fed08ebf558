/* mpinterval.h: the high-precision twin of interval.h, on MPFI intervals at a
 * precision chosen at run time. MPFI's own mpfi_add, mpfi_sub, mpfi_mul,
 * mpfi_sqr, mpfi_neg, mpfi_union (hull) and mpfi_intersect are the twins of
 * iv_add ... iv_intersect and are used directly; this header adds the
 * operations whose domain handling must match interval.h, and conversions.
 * Every result encloses the exact real result (MPFI rounds outward). */
#ifndef NTKCERT_MPINTERVAL_H
#define NTKCERT_MPINTERVAL_H

#include <mpfi.h>

#include "ntkcert/interval.h"

/* r = a, exactly (r's precision must be >= 53 bits). */
void mpiv_set_iv(mpfi_ptr r, iv_t a);
/* The smallest double interval holding a (rounded outward). */
iv_t mpiv_get_iv(mpfi_srcptr a);
/* Contains {x / y : x in a, y in b, y != 0}; the whole line when 0 is in b. */
void mpiv_div(mpfi_ptr r, mpfi_srcptr a, mpfi_srcptr b);
/* Contains {sqrt(x) : x in a, x >= 0}; a must meet [0, inf). */
void mpiv_sqrt(mpfi_ptr r, mpfi_srcptr a);
/* Contains {acos(x) : x in a, -1 <= x <= 1}; a must meet [-1, 1]. */
void mpiv_acos(mpfi_ptr r, mpfi_srcptr a);
/* Contains sum_k x[k] * z[k] for the doubles x, z (exact when prec allows). */
void mpiv_dot(mpfi_ptr r, const double *x, const double *z, long n);
/* 1 if every point of b lies in the double interval a. */
int mpiv_subset_of_iv(mpfi_srcptr b, iv_t a);

#endif
