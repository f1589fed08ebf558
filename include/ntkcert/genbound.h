/* genbound.h: margin bounds on the classification error of kernel machines
 * (the paper's Section 4.1: through Theorem 4.1, of networks too).
 *
 * The theorem (Mohri, Rostamizadeh and Talwalkar, Foundations of Machine
 * Learning, 2nd ed., 2018, Theorem 5.8, Eq. (5.40)): for a class H of
 * real functions and a margin rho > 0 fixed before the sample S of n points
 * is drawn, with probability at least 1 - delta, for every h in H,
 *     P[y h(x) <= 0] <= R_rho(h) + (2 / rho) Rad_S(H) + 3 sqrt(ln(2 / delta) / (2 n)),
 * where R_rho(h) = (1/n) sum_i min(1, max(0, 1 - y_i h(x_i) / rho)) is the
 * empirical ramp (margin) loss and Rad_S(H) the empirical Rademacher
 * complexity. For the unit ball of a kernel's feature space,
 * H_1 = {<w, phi(.)> : |w| <= 1}, Rad_S(H_1) <= sqrt(tr K) / n (ibid.,
 * Theorem 6.12; Bartlett and Mendelson 2002, Lemma 22), with K the Gram
 * matrix of S.
 *
 * A kernel machine g = sum_j alpha_j K(., x_j) + b is <w', phi'> in the
 * feature space phi' = (phi, 1) of the kernel K' = K + 1 when it has an
 * intercept (K' = K otherwise), with |w'|^2 = alpha^T K alpha + b^2 = B^2.
 * The bound is applied to g / B, which lies in H_1 and has g's signs: B
 * depends on the sample, the class H_1 does not. The margin is a normalised
 * one (of g / B): one given value, or the best of a grid of GEN_GRID
 * values fixed in advance, each at confidence delta / GEN_GRID (the union
 * bound). The numbers are computed in double precision, not outward
 * rounded: a statistical bound, not a certificate. */
#ifndef NTKCERT_GENBOUND_H
#define NTKCERT_GENBOUND_H

#include "ntkcert/data.h"
#include "ntkcert/error.h"
#include "ntkcert/km.h"
#include "ntkcert/nn.h"

/* The grid: rho_k = 2^((k - GEN_GRID_ZERO) / 4), k = 0 .. GEN_GRID - 1,
 * that is 2^-40 .. 2^10 in steps of 2^(1/4). */
enum { GEN_GRID = 201, GEN_GRID_ZERO = 160 };

typedef struct {
    double confidence; /* delta in (0, 1) */
    double margin;     /* > 0: this normalised margin alone; 0: the grid */
} gen_opts;

typedef struct {
    double margin;      /* rho, normalised */
    double margin_loss; /* R_rho(g / B) */
    double complexity;  /* (2 / rho) sqrt(tr K') / n */
    double bound;       /* margin_loss + complexity + confidence_term */
} gen_point;

typedef struct {
    long n;                 /* training points */
    double trace;           /* tr K' */
    double norm;            /* B = |w'| */
    long grid;              /* margins tried (1 or GEN_GRID) */
    double confidence_term; /* 3 sqrt(ln(2 grid / delta) / (2 n)) */
    gen_point best;         /* the margin with the smallest bound */
    gen_point *curve;       /* grid entries, one per margin tried */
    double train_error;     /* fraction of training points with y g <= 0 */
} gen_result;

/* The share of the n points where y_i score_i <= 0 (or is not a number); 0 for n = 0. */
double gen_error(const double *score, const double *y, long n);
/* Default options: delta 0.05, the grid. */
gen_opts gen_opts_default(void);
/* NC_EINPUT with the reason if o is unusable. */
int gen_check(const gen_opts *o, nc_err *e);
/* The bound from the training scores g(x_i), labels y_i in {-1, +1}, tr K'
 * and B^2 = |w'|^2 (n >= 1). r->curve is allocated: free it with
 * gen_result_free. NC_EINPUT for labels other than +-1, a trace or norm
 * that is not a positive number. */
int gen_margin_bound(const double *score, const double *y, long n, double trace, double norm2,
                     const gen_opts *o, gen_result *r, nc_err *e);
/* tr K' over the n x d rows of X, for model m's kernel (K + 1 with its
 * constant feature, + 1 more with its intercept). */
double gen_trace(const km_model *m, const double *X, long n, long d);
/* The bound for kernel machine m on its training set train (the data it was
 * trained on: NC_EINPUT if the SHA-256 differs). */
int gen_km(const km_model *m, const nc_data *train, const gen_opts *o, gen_result *r, nc_err *e);
/* A network through Theorem 4.1 (train.h): the bound for its kernel machine
 * h = b + K a on the training set (m->path, from nn_train_path), in the
 * feature space of the sum kernel S with the offset b as one more feature
 * c b of weight 1/c (tr S + c^2 |b|^2, |W|^2 + 1/c^2). b depends only on
 * the initialisation, so the scale c is picked from GEN_SCALES values
 * 2^(k/4), k = -80..80, fixed in advance, at confidence delta / GEN_SCALES
 * each (the union bound, on top of the margins'). The path kernel comes
 * from the training run, so from the sample: unlike a kernel machine's,
 * this class is not fixed in advance, and the bound is the paper's
 * heuristic, not the theorem's guarantee. NC_EINPUT without a path kernel
 * or for other training data. */
enum { GEN_SCALES = 161 };
typedef struct {
    double resid_max, resid_rms; /* |f_T(x_i) - h(x_i)| over the training points */
    long disagree;               /* training points where sign f_T != sign h */
    double net_train_error;      /* of f_T itself */
    double offset_scale;         /* the c of the best bound */
} gen_net_info;
int gen_net(const nn_model *m, const nc_data *train, const gen_opts *o, gen_result *r, gen_net_info *info,
            nc_err *e);
void gen_result_free(gen_result *r);

#endif
