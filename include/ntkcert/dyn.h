/* dyn.h: training dynamics of finite networks and of their kernel machine
 * side by side (the paper's Figure 1, Theorems 3.2, 3.4 and 3.5).
 *
 * From the same training data, loss, lambda, learning rate, steps and
 * minibatches (one seed), train.h's core trains the kernel machine with the
 * analytic NTK of the networks' depth (g_0 = 0) and a centred network of
 * each width (f(w_t, x) - f(w_0, x), so f_0 = 0), by default regularised
 * toward w_0 (nn.h's NN_REG_INIT: in the wide limit its dynamics are the
 * kernel machine's Eq. (8); with the paper's output-layer regulariser the
 * decay of v shrinks the tangent kernel at every width). After steps 0, 1,
 * ..., logarithmically spaced, up to T, each model's outputs are recorded
 * on the evaluation points (a seeded sample of the training set) and the
 * test points. */
#ifndef NTKCERT_DYN_H
#define NTKCERT_DYN_H

#include <stdint.h>

#include "ntkcert/data.h"
#include "ntkcert/error.h"
#include "ntkcert/loss.h"

enum { DYN_MAX_WIDTHS = 16 };

typedef struct {
    int depth;                       /* hidden layers, >= 1 */
    long widths[DYN_MAX_WIDTHS];
    int nwidths;                     /* 0..DYN_MAX_WIDTHS networks */
    int reg;                         /* the networks' regulariser: NN_REG_INIT or NN_REG_OUTPUT */
    loss_t loss;
    double lambda, lr;
    long steps;                      /* T */
    long batch;                      /* 0: full batch */
    uint64_t seed;                   /* weights, minibatches, samples */
    long eval;                       /* training points the metrics use; 0: all */
    long track;                      /* training and test points whose outputs are kept, each */
    long ntk_sample;                 /* evaluation points of the empirical NTK's change; 0: none */
    int per_decade;                  /* records per decade of steps, >= 1 */
} dyn_opts;

/* Depth 2, widths 1000 and 10000, regulariser toward w_0, hinge, lambda 0.01, lr 0.1, 1000 steps,
 * full batch, seed 0, 1024 evaluation points, 2 tracked points, 16 NTK
 * points, 10 records per decade. */
dyn_opts dyn_opts_default(void);

/* Arrays per model and record are indexed [model * nrec + r]; model 0 is the
 * kernel machine, model j >= 1 the network of width[j]. */
typedef struct {
    long nrec, *step;                /* record r follows step[r] steps; step[0] = 0 */
    int nmodels;
    long *width;                     /* 0 for the kernel machine */
    long neval, ntest, *eval_idx;    /* evaluation points: indices into the training set */
    long ntrack_train, ntrack_test;
    long *track_train, *track_test;  /* indices into the training and test sets */
    double *loss;                    /* mean l(f(x_i), y_i) over the evaluation points */
    double *train_acc, *test_acc;    /* fraction with y f > 0; NAN without test points */
    double *dist_train, *dist_test;  /* RMS of f - g over evaluation / test points (0 for model 0) */
    double *ntk_change;              /* |Theta(w_t) - Theta(w_0)|_F / |Theta(w_0)|_F (0 for model 0) */
    double *out_train, *out_test;    /* [(model * nrec + r) * ntrack + k] */
    double *seconds;                 /* per model: training and recording */
} dyn_result;

/* NC_EINPUT with the reason if o is inconsistent (before any data). */
int dyn_check(const dyn_opts *o, nc_err *e);
/* Records the logarithmically spaced steps of o for T = o->steps into step
 * (up to 64 per decade plus 2): 0, then round(10^(k / per_decade)) without
 * repeats, and T. Returns their number. */
long dyn_record_steps(const dyn_opts *o, long *step, long cap);
/* Runs the kernel machine and every network. test may be NULL. NC_EINPUT
 * for bad options or labels (classification losses need -1/+1). */
int dyn_run(const nc_data *train, const nc_data *test, const dyn_opts *o, dyn_result *r, nc_err *e);
void dyn_free(dyn_result *r);

/* The least-squares slope of log y against log x over the pairs with x, y > 0;
 * NAN with fewer than two. */
double dyn_loglog_slope(const double *x, const double *y, long n);

#endif
