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

#endif
