/* MPFI twin of the interval core: see mpinterval.h. */
#include "ntkcert/mpinterval.h"

#include <math.h>

void mpiv_set_iv(mpfi_ptr r, iv_t a) { mpfi_interv_d(r, a.lo, a.hi); }

iv_t mpiv_get_iv(mpfi_srcptr a)
{
    return iv(mpfr_get_d(&a->left, MPFR_RNDD), mpfr_get_d(&a->right, MPFR_RNDU));
}

void mpiv_div(mpfi_ptr r, mpfi_srcptr a, mpfi_srcptr b)
{
    if (mpfi_has_zero(b)) {
        mpfi_interv_d(r, -INFINITY, INFINITY);
        return;
    }
    mpfi_div(r, a, b);
}

static void clamp(mpfi_ptr r, mpfi_srcptr a, double lo, double hi)
{
    mpfi_t dom;
    mpfi_init2(dom, 53);
    mpfi_interv_d(dom, lo, hi);
    mpfi_intersect(r, a, dom);
    mpfi_clear(dom);
}

void mpiv_sqrt(mpfi_ptr r, mpfi_srcptr a)
{
    clamp(r, a, 0.0, INFINITY);
    mpfi_sqrt(r, r);
}

void mpiv_acos(mpfi_ptr r, mpfi_srcptr a)
{
    clamp(r, a, -1.0, 1.0);
    mpfi_acos(r, r);
}

void mpiv_dot(mpfi_ptr r, const double *x, const double *z, long n)
{
    mpfi_t t;
    mpfi_init2(t, mpfi_get_prec(r));
    mpfi_set_d(r, 0.0);
    for (long k = 0; k < n; k++) {
        if (x[k] == 0 || z[k] == 0) continue; /* an exact 0 (pixels: most of them) */
        mpfi_set_d(t, x[k]);
        mpfi_mul_d(t, t, z[k]);
        mpfi_add(r, r, t);
    }
    mpfi_clear(t);
}

int mpiv_subset_of_iv(mpfi_srcptr b, iv_t a)
{
    return mpfr_cmp_d(&b->left, a.lo) >= 0 && mpfr_cmp_d(&b->right, a.hi) <= 0;
}
