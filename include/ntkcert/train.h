/* train.h: the one (sub)gradient core. It runs the function-space dynamics of
 * the paper's Theorem 3.2 / Eq. (8),
 *     g <- g - eta (lambda g + sum_{i in B} s l'(g(x_i), y_i) K(., x_i)),
 * for any model that can report its outputs on training points and take a
 * step given the loss derivatives there: kernel machines (km.h) and finite
 * networks (nn.h) alike. B is the whole training set (full batch) or a
 * minibatch from a seeded shuffle of each epoch, and s = n / |B|, so that
 * every step follows an unbiased estimate of the gradient of Eq. (7); eta is
 * constant or follows a diminishing schedule. */
#ifndef NTKCERT_TRAIN_H
#define NTKCERT_TRAIN_H

#include <stdint.h>

#include "ntkcert/error.h"
#include "ntkcert/loss.h"

typedef struct {
    long n; /* training points */
    void *self;
    /* out[k] = the model's output at training point idx[k], k < m. */
    int (*outputs)(void *self, const long *idx, long m, double *out, nc_err *e);
    /* One step: parameters <- parameters - lr (lambda * d(reg)/d(param)
     * + sum_k dl[k] * d(output at idx[k])/d(param)). */
    int (*step)(void *self, const long *idx, long m, const double *dl, double lr, double lambda,
                nc_err *e);
} train_model;

/* Called once with t = 0 before the first step (idx and out NULL, m 0),
 * then after every step t = 1..steps with the batch, the outputs on it
 * before the step, and the batch's summed loss; returns nonzero to stop. */
typedef int (*train_callback)(void *arg, long t, const long *idx, long m, const double *out,
                              double batch_loss);

typedef enum {
    TRAIN_CONSTANT, /* eta_t = lr: the paper's dynamics */
    TRAIN_PEGASOS   /* eta_t = lr / (1 + lr lambda t) -> 1/(lambda t): converges on
                     * non-smooth losses (Shalev-Shwartz et al., Pegasos) */
} train_schedule;

typedef struct {
    loss_t loss;
    double lambda, lr;
    train_schedule schedule;
    long steps;
    long batch;    /* 0: full batch */
    uint64_t seed; /* minibatch shuffles */
    train_callback callback; /* may be NULL */
    void *arg;
} train_opts;

/* Runs opts->steps steps on targets y[0..n-1]. NC_EINPUT for bad options. */
int train_run(const train_model *m, const double *y, const train_opts *opts, nc_err *e);

/* The paper's Theorem 4.1 in discrete time. For a model whose regulariser
 * (lambda/2)|v|^2 acts on parameters v in which the output is linear
 * (grad_v f . v = f: a network's output layer, a linear model), step t
 * (rate eta_t, batch B_t, scale s = n / |B_t|) gives, by Taylor's theorem,
 *     f_t(x) = (1 - eta_t lambda) f_{t-1}(x) - eta_t s sum_{j in B_t} l'_j Theta_{t-1}(x, x_j) + r_t(x),
 * with Theta_{t-1} the tangent kernel before the step and r_t the
 * second-order remainder. Unrolled, f_T = b + sum_j a_j K(., x_j) + R with
 *     a_j = -sign l'(f_0(x_j), y_j),  b = prod_t (1 - eta_t lambda) f_0,
 *     K(x, x_j) = sum_t C_t s |l'_j(t)| Theta_{t-1}(x, x_j) [j in B_t],  C_t = eta_t prod_{u > t} (1 - eta_u lambda),
 * exactly when every nonzero l'_j(t) has the sign of l'_j(0) (the
 * theorem's assumption; "flips" count where it fails) and R = 0. R, the sum
 * of the remainders (and of the flips' effect), is f_T - b - K a: the
 * discretisation error, measured by the caller on the training points.
 * h = b + K a is <W, Phi> + b in the feature space Phi(x) = (sqrt(C_t)
 * grad f_{t-1}(x))_t of the sum kernel S = sum_t C_t Theta_{t-1}, with
 * |W|^2 = sum_t C_t |sum_{j in B_t} s a_j |l'_j(t)| grad f_{t-1}(x_j)|^2. */
typedef struct {
    long n;              /* training points; 0: nothing recorded */
    double *K;           /* n x n, row i: K(x_i, x_j) over j */
    double *a, *b;       /* n each: a_j, and b at the training points */
    double norm2;        /* |W|^2 */
    double trace;        /* tr S over the training points */
    long flips;          /* (step, point) pairs with l' != 0 of the sign opposite to a_j's */
    long flip_points;    /* points with at least one flip, or l'(f_0) = 0 and a later l' != 0 */
} train_path;

/* Theta[i n + j] = the tangent kernel at the model's current parameters
 * between training points i and j. */
typedef int (*train_ntk)(void *self, double *Theta, nc_err *e);

/* train_run, recording p (allocated; free with train_path_free). opts's
 * callback, if any, is called as by train_run. NC_EINPUT if eta_t lambda >= 1
 * (C_t must be positive); NC_ENOMEM if two n x n matrices do not fit. */
int train_run_path(const train_model *m, train_ntk ntk, const double *y, const train_opts *opts, train_path *p,
                   nc_err *e);
void train_path_free(train_path *p);

#endif
