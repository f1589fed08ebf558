/* Analytic ReLU NTK/NNGP: see kernel.h. */
#include "ntkcert/kernel.h"
#include "ntkcert/mpinterval.h"
#include "vmath.h"

#include <cblas.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

ntk_params ntk_default(void)
{
    ntk_params p = {NTK_NTK, 1, 0.0};
    return p;
}

int ntk_check(const ntk_params *p, nc_err *e)
{
    if (p->kind != NTK_NTK && p->kind != NTK_NNGP)
        return nc_fail(e, NC_EINPUT, "kernel: unknown kind %d", (int)p->kind);
    if (p->depth < 1 || p->depth > 1000)
        return nc_fail(e, NC_EINPUT, "kernel: depth %d is not in 1..1000", p->depth);
    if (!(p->bias_var >= 0 && isfinite(p->bias_var)))
        return nc_fail(e, NC_EINPUT, "kernel: bias variance %g is not a finite number >= 0", p->bias_var);
    return NC_OK;
}

const char *ntk_kind_name(ntk_kind k) { return k == NTK_NNGP ? "nngp" : "ntk"; }

int ntk_kind_parse(const char *s, ntk_kind *k, nc_err *e)
{
    if (strcmp(s, "ntk") == 0) *k = NTK_NTK;
    else if (strcmp(s, "nngp") == 0) *k = NTK_NNGP;
    else return nc_fail(e, NC_EINPUT, "kernel: unknown kind '%s' (ntk or nngp)", s);
    return NC_OK;
}

double ntk_h(double u)
{
    return 2.0 * u * (M_PI - acos(u)) + sqrt(fmax(0.0, 1.0 - u * u));
}

double ntk_two_layer(long d, double dot, double nx2, double nz2)
{
    double q = sqrt(nx2) * sqrt(nz2);
    if (q == 0) return 0.0;
    double u = fmin(1.0, fmax(-1.0, dot / q));
    return q * ntk_h(u) / (2.0 * M_PI * (double)d);
}

/* The recursion; the first layer's angle is th when th >= 0 (accurate for
 * nearly parallel inputs), else acos of the dot-product ratio. */
static double eval_rec(const ntk_params *p, long d, double dot, double nx2, double nz2, double th)
{
    const double b = p->bias_var;
    double sxz = dot / (double)d + b, sxx = nx2 / (double)d + b, szz = nz2 / (double)d + b;
    double theta = sxz;
    for (int l = 0; l < p->depth; l++) {
        double q = sqrt(sxx * szz), k0 = 0, k1 = 0;
        if (q > 0) { /* q == 0: a pre-activation is identically 0, ReLU'(0) = 0 */
            double u, s, a;
            if (l == 0 && th >= 0) {
                u = cos(th); s = sin(th); a = M_PI - th;
            } else {
                u = fmin(1.0, fmax(-1.0, sxz / q)); s = sqrt(fmax(0.0, 1.0 - u * u)); a = M_PI - acos(u);
            }
            k0 = a / M_PI;
            k1 = (s + a * u) / M_PI;
        }
        sxz = 0.5 * q * k1 + b;
        theta = theta * (0.5 * k0) + sxz;
        sxx = 0.5 * sxx + b;
        szz = 0.5 * szz + b;
    }
    return p->kind == NTK_NNGP ? sxz : theta;
}

double ntk_eval(const ntk_params *p, long d, double dot, double nx2, double nz2)
{
    return eval_rec(p, d, dot, nx2, nz2, -1.0);
}

double ntk_eval_vec(const ntk_params *p, long d, const double *x, const double *z)
{
    double dot = 0, nx2 = 0, nz2 = 0;
    for (long k = 0; k < d; k++) {
        dot += x[k] * z[k];
        nx2 += x[k] * x[k];
        nz2 += z[k] * z[k];
    }
    if (p->bias_var != 0 || nx2 == 0 || nz2 == 0) return eval_rec(p, d, dot, nx2, nz2, -1.0);
    /* the angle from |x^ - z^| and |x^ + z^|, exact to a few ulps even when
     * x and z are nearly parallel, where acos(<x,z>/(|x||z|)) is not */
    double nx = sqrt(nx2), nz = sqrt(nz2), dm = 0, dp = 0;
    for (long k = 0; k < d; k++) {
        double a = x[k] / nx, c = z[k] / nz;
        dm += (a - c) * (a - c);
        dp += (a + c) * (a + c);
    }
    return eval_rec(p, d, dot, nx2, nz2, 2.0 * atan2(sqrt(dm), sqrt(dp)));
}

/* r = k0 or k1 at the point u (an MPFR number), as an MPFI enclosure. */
static void kfun_mp(mpfi_ptr r, mpfr_srcptr u, int which)
{
    mpfr_prec_t prec = mpfi_get_prec(r);
    mpfi_t U, pi, t;
    mpfi_init2(U, prec); mpfi_init2(pi, prec); mpfi_init2(t, prec);
    mpfi_set_fr(U, u);
    mpfi_const_pi(pi);
    mpiv_acos(t, U);
    mpfi_sub(t, pi, t);              /* pi - acos u */
    if (which == 1) {
        mpfi_mul(t, t, U);
        mpfi_sqr(r, U);
        mpfi_ui_sub(r, 1, r);
        mpiv_sqrt(r, r);
        mpfi_add(t, t, r);
    }
    mpfi_div(r, t, pi);
    mpfi_clear(U); mpfi_clear(pi); mpfi_clear(t);
}

/* r = hull of k(u) over u in the interval u (k increasing). */
static void kmono_mp(mpfi_ptr r, mpfi_srcptr u, int which)
{
    mpfi_t a, c;
    mpfi_init2(a, mpfi_get_prec(r)); mpfi_init2(c, mpfi_get_prec(r));
    kfun_mp(a, &u->left, which);
    kfun_mp(c, &u->right, which);
    mpfr_set(&r->left, &a->left, MPFR_RNDD);
    mpfr_set(&r->right, &c->right, MPFR_RNDU);
    mpfi_interv_d(a, 0.0, 1.0);
    mpfi_intersect(r, r, a);
    mpfi_clear(a); mpfi_clear(c);
}

void ntk_eval_mp(mpfi_ptr r, const ntk_params *p, long d,
                 mpfi_srcptr dot, mpfi_srcptr nx2, mpfi_srcptr nz2)
{
    mpfr_prec_t prec = mpfi_get_prec(r);
    mpfi_t sxz, sxx, szz, theta, q, u, k0, k1, t, unit;
    mpfi_ptr all[] = {sxz, sxx, szz, theta, q, u, k0, k1, t, unit};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) mpfi_init2(all[i], prec);
    mpfi_interv_d(unit, -1.0, 1.0);
    mpfi_div_si(sxz, dot, d); mpfi_add_d(sxz, sxz, p->bias_var);
    mpfi_div_si(sxx, nx2, d); mpfi_add_d(sxx, sxx, p->bias_var);
    mpfi_div_si(szz, nz2, d); mpfi_add_d(szz, szz, p->bias_var);
    mpfi_set(theta, sxz);
    for (int l = 0; l < p->depth; l++) {
        mpfi_mul(q, sxx, szz);
        mpiv_sqrt(q, q);
        if (mpfr_sgn(&q->left) > 0) {
            mpfi_div(u, sxz, q);
            mpfi_intersect(u, u, unit);
            if (mpfi_is_empty(u)) mpfi_set(u, unit);
        } else {
            mpfi_set(u, unit);
        }
        kmono_mp(k0, u, 0);
        kmono_mp(k1, u, 1);
        mpfi_mul(sxz, q, k1); mpfi_mul_d(sxz, sxz, 0.5); mpfi_add_d(sxz, sxz, p->bias_var);
        mpfi_mul(t, theta, k0); mpfi_mul_d(t, t, 0.5); mpfi_add(theta, t, sxz);
        mpfi_mul_d(sxx, sxx, 0.5); mpfi_add_d(sxx, sxx, p->bias_var);
        mpfi_mul_d(szz, szz, 0.5); mpfi_add_d(szz, szz, p->bias_var);
    }
    mpfi_set(r, p->kind == NTK_NNGP ? sxz : theta);
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) mpfi_clear(all[i]);
}

static inline double clamp1(double x) { return x > 1.0 ? 1.0 : (x < -1.0 ? -1.0 : x); }

/* The Gram map on one segment: K[j] = kernel(dot = K[j], |x| = nx, |z| = nz[j])
 * for j < len: the recursion of kernel.h over arrays, branch-free so that the
 * loops vectorise (an AVX2 clone is picked at load time), with SLEEF's vector
 * acos. w is scratch of 5 * len doubles. Agrees with ntk_eval to a few ulps. */
__attribute__((target_clones("avx2", "default")))
static void gram_segment(const ntk_params *p, long d, double *restrict K, double nx,
                         const double *restrict nz, long len, double *restrict w)
{
    const double b = p->bias_var, invd = 1.0 / (double)d, invpi = 1.0 / M_PI;
    double *restrict szz = w, *restrict theta = w + len, *restrict q = w + 2 * len;
    double *restrict u = w + 3 * len, *restrict a = w + 4 * len;
    double sxx = nx * nx * invd + b;
    for (long j = 0; j < len; j++) {
        K[j] = K[j] * invd + b; /* from here on K holds Sigma(x, z) */
        szz[j] = nz[j] * nz[j] * invd + b;
        theta[j] = K[j];
    }
    for (int l = 0; l < p->depth; l++) {
        for (long j = 0; j < len; j++) {
            q[j] = sqrt(sxx * szz[j]);
            u[j] = q[j] > 0 ? clamp1(K[j] / q[j]) : 1.0;
            a[j] = u[j];
        }
        vm_acos(a, len);
        for (long j = 0; j < len; j++) {
            double c = M_PI - a[j], s2 = 1.0 - u[j] * u[j];
            /* q == 0: a pre-activation is identically 0 and ReLU'(0) = 0 */
            double live = q[j] > 0 ? 1.0 : 0.0;
            double k0 = live * c * invpi, k1 = live * (sqrt(s2 > 0 ? s2 : 0.0) + c * u[j]) * invpi;
            K[j] = 0.5 * q[j] * k1 + b;
            theta[j] = theta[j] * (0.5 * k0) + K[j];
            szz[j] = 0.5 * szz[j] + b;
        }
        sxx = 0.5 * sxx + b;
    }
    if (p->kind == NTK_NTK)
        for (long j = 0; j < len; j++) K[j] = theta[j];
}

double *ntk_gram_alloc(long n, long m, nc_err *e)
{
    const size_t huge = (size_t)2 << 20;
    void *K = NULL;
    if (n < 0 || m < 0 || (m > 0 && (size_t)n > SIZE_MAX / sizeof(double) / (size_t)m) ||
        posix_memalign(&K, huge, (size_t)n * (size_t)m * sizeof(double) + 1) != 0) {
        nc_fail(e, NC_ENOMEM, "kernel: out of memory for a %ld x %ld matrix", n, m);
        return NULL;
    }
#ifdef MADV_HUGEPAGE
    size_t bytes = (size_t)n * (size_t)m * sizeof(double);
    if (bytes >= huge) madvise(K, bytes - bytes % huge, MADV_HUGEPAGE); /* advice only */
#endif
    return K;
}

enum { TILE = 256 };

/* Where 1 - u < 1e-4 the dot-product ratio has lost digits (sqrt(1 - u^2));
 * such pairs, rare, are recomputed from the vectors by ntk_eval_vec. */
#define NEAR_PARALLEL (1.0 - 1e-4)

static void map_row(const ntk_params *p, long d, double *K, const double *x, double nx,
                    const double *Z, const double *nz, long len, double *w, long *near)
{
    long nn = 0;
    for (long j = 0; j < len; j++)
        if (K[j] >= NEAR_PARALLEL * nx * nz[j] && nx * nz[j] > 0) near[nn++] = j;
    gram_segment(p, d, K, nx, nz, len, w);
    for (long k = 0; k < nn; k++) K[near[k]] = ntk_eval_vec(p, d, x, Z + near[k] * d);
}

int ntk_gram(const ntk_params *p, const double *X, long n, const double *Z, long m,
             long d, double *K, nc_err *e)
{
    int rc = ntk_check(p, e);
    if (rc) return rc;
    if (n < 0 || m < 0 || d < 1 || n > INT_MAX || m > INT_MAX || d > INT_MAX)
        return nc_fail(e, NC_EINPUT, "kernel: bad sizes n=%ld m=%ld d=%ld", n, m, d);
    const int sym = Z == NULL;
    if (sym) { Z = X; m = n; }
    if (n == 0 || m == 0) return NC_OK;
    double *nx = malloc((size_t)(n + m) * sizeof *nx), *nz = nx + n;
    if (!nx) return nc_fail(e, NC_ENOMEM, "kernel: out of memory for %ld norms", n + m);
    for (long i = 0; i < n; i++) nx[i] = sqrt(cblas_ddot((int)d, X + i * d, 1, X + i * d, 1));
    for (long j = 0; j < m; j++) nz[j] = sqrt(cblas_ddot((int)d, Z + j * d, 1, Z + j * d, 1));
    int failed = 0;
    if (sym) {
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)n, (int)d, 1.0, X, (int)d,
                    0.0, K, (int)n);
        /* Map the upper triangle tile by tile, mirroring each tile while it is in
         * cache. */
        const long nt = (n + TILE - 1) / TILE;
        #pragma omp parallel
        {
            double *w = malloc(5 * TILE * sizeof *w);
            long *near = malloc(TILE * sizeof *near);
            if (!near) { free(w); w = NULL; }
#ifndef __FRAMAC__ /* Frama-C parses a pragma's words as C */
            #pragma omp for schedule(dynamic, 1)
#endif
            for (long t = 0; t < nt * (nt + 1) / 2; t++) {
                if (!w) continue;
                long ti = 0, r = t; /* t -> tile (ti, tj), ti <= tj */
                while (r >= nt - ti) { r -= nt - ti; ti++; }
                long tj = ti + r, i1 = (ti + 1) * TILE < n ? (ti + 1) * TILE : n;
                long j1 = (tj + 1) * TILE < n ? (tj + 1) * TILE : n;
                for (long i = ti * TILE; i < i1; i++) {
                    long j0 = ti == tj ? i : tj * TILE;
                    map_row(p, d, K + i * n + j0, X + i * d, nx[i], X + j0 * d, nx + j0, j1 - j0, w, near);
                }
                for (long j = tj * TILE; j < j1; j++)
                    for (long i = ti * TILE; i < (ti == tj ? j : i1); i++)
                        K[j * n + i] = K[i * n + j];
            }
            if (!w) failed = 1;
            free(w);
            free(near);
        }
    } else {
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)m, (int)d, 1.0, X,
                    (int)d, Z, (int)d, 0.0, K, (int)m);
        #pragma omp parallel
        {
            double *w = malloc(5 * TILE * sizeof *w);
            long *near = malloc(TILE * sizeof *near);
            if (!near) { free(w); w = NULL; }
#ifndef __FRAMAC__ /* Frama-C parses a pragma's words as C */
            #pragma omp for schedule(static)
#endif
            for (long i = 0; i < n; i++)
                for (long j0 = 0; w && j0 < m; j0 += TILE)
                    map_row(p, d, K + i * m + j0, X + i * d, nx[i], Z + j0 * d, nz + j0,
                            m - j0 < TILE ? m - j0 : TILE, w, near);
            if (!w) failed = 1;
            free(w);
            free(near);
        }
    }
    free(nx);
    if (failed) return nc_fail(e, NC_ENOMEM, "kernel: out of memory for work space");
    return NC_OK;
}
