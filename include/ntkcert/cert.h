/* cert.h: certified robustness radii of kernel machines (the paper's
 * Theorem 4.2). For a model g and a test point x0 with label y, a lower bound
 * on y g(x) over the ball B(x0, delta) is
 *     sum_i y alpha_i [Theta_L or Theta_U](x0, delta, x_i) + y (c sum_i alpha_i + b),
 * each term enclosed by bound.h and summed in outward-rounded intervals
 * (the sign of y alpha_i picks the end). The radius is the largest delta found
 * whose bound was verified > 0; only such a delta is ever returned. Through
 * the NTK equivalence it certifies the infinitely wide ReLU network. */
#ifndef NTKCERT_CERT_H
#define NTKCERT_CERT_H

#include "ntkcert/bound.h"
#include "ntkcert/km.h"

/* tight: each term enclosed on its own (exact ranges); paper: the paper's
 * Theorem 4.2 ranges; first-order: the mean-value form around x0 (two-layer
 * NTK without bias), where the alphas cancel inside one vector; best: the
 * largest radius of the three (tight and paper for other kernels). */
typedef enum { CERT_TIGHT = 0, CERT_PAPER = 1, CERT_FIRST = 2, CERT_BEST = 3 } cert_mode;

typedef struct {
    bound_norm norm;
    cert_mode mode;
    int has_domain;
    double dom_lo, dom_hi; /* the input domain box, with has_domain */
    double delta_max;      /* search range (0, delta_max] */
    double rel_tol;        /* stop when hi / lo - 1 <= rel_tol */
    int precision;         /* 0: doubles; else the bound in MPFI at this many bits */
} cert_opts;

/* l_inf, tight, no domain, delta_max 1, rel_tol 1e-3, doubles. */
cert_opts cert_opts_default(void);
/* "inf"/"2" and "tight"/"paper"/"first-order"/"best" names. */
const char *cert_norm_name(bound_norm n);
const char *cert_mode_name(cert_mode m);
/* *m = the mode of that name; -1 if there is none. */
int cert_mode_parse(const char *name, cert_mode *m);
/* NC_EINPUT with the reason if the options are invalid. */
int cert_check(const cert_opts *o, nc_err *e);

/* Work that depends only on the model: norms and 1-norms of the training
 * vectors, the constant term, h's minimiser bracket. NC_EINPUT for the
 * first-order mode on a kernel other than the two-layer NTK without bias. */
typedef struct cert_ctx cert_ctx;
int cert_prepare(cert_ctx **ctx, const km_model *m, const cert_opts *o, nc_err *e);
void cert_free(cert_ctx *ctx);

typedef struct {
    double score;      /* g(x0) in double */
    iv_t score_iv;     /* an enclosure of y g(x0) (the bound at delta = 0) */
    double delta;      /* certified radius; 0 if not certified */
    double bound;      /* the verified lower bound of y g over the ball of radius delta */
    int certified;     /* 1 if delta > 0 */
    long steps;        /* bound evaluations in the search */
    cert_mode mode;    /* the mode whose bound gave delta (best: the winner) */
} cert_result;

/* Certifies one point x0 (dimension of the model) with label y (-1 or +1). */
int cert_point(const cert_ctx *ctx, const double *x0, double y, cert_result *r, nc_err *e);
/* Certifies the points X0[idx[k]] (idx NULL: X0[k]), k < n0, labels y[idx[k]],
 * into r[k], in parallel (OpenMP). Their dot products with the training
 * vectors come from one BLAS dgemm per block of 128 points (assumption A6),
 * which reads the training vectors once per block instead of once per point. */
int cert_points(const cert_ctx *ctx, const double *X0, const double *y, const long *idx, long n0, cert_result *r,
                nc_err *e);
/* The lower bound of y g over B(x0, delta) (for tests and the audit), in
 * doubles, or in MPFI at opts.precision bits when that is > 0. Best: the
 * bound of the first of first-order, tight, paper that is > 0, else the
 * largest. */
int cert_bound_at(const cert_ctx *ctx, const double *x0, double y, double delta, double *lb, nc_err *e);

#endif
