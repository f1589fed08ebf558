/* km.h: kernel machines g(x) = sum_j alpha_j K(x, x_j) (+ b) with the NTK or
 * NNGP, trained on the objective of the paper's Eq. (7),
 *     (lambda/2) alpha^T K alpha + sum_i l(g(x_i), y_i),
 * by exact solvers or by the (sub)gradient core of train.h, and stored in
 * self-describing, checksummed model files. */
#ifndef NTKCERT_KM_H
#define NTKCERT_KM_H

#include <stdint.h>

#include "ntkcert/data.h"
#include "ntkcert/kernel.h"
#include "ntkcert/loss.h"
#include "ntkcert/train.h"

typedef enum { KM_EXACT, KM_SUBGRADIENT, KM_SGD } km_solver;

typedef struct {
    ntk_params kernel;
    int constant_feature; /* footnote 1's bias: every x gets a feature 1, K + 1 (regularised) */
    int intercept;        /* an unregularised intercept b as in LIBSVM (exact dual solvers) */
    loss_t loss;
    double lambda;        /* >= 0; SVMs: C = 1 / lambda */
    km_solver solver;
    double tol;           /* exact: max KKT violation (dual solvers), max |lambda alpha + l'| (logistic) */
    long max_iter;        /* exact iterative solvers */
    double lr;            /* subgradient solvers: learning rate, schedule, steps, batch (SGD), seed */
    int pegasos;          /* 1: the diminishing schedule of train.h */
    long steps, batch;
    uint64_t seed;
} km_spec;

typedef struct {
    km_spec spec;
    long n_train;          /* training points */
    long n, d;             /* stored vectors: those with alpha != 0 */
    double *alpha, *X;     /* n and n x d */
    double b;              /* intercept (0 unless spec.intercept) */
    unsigned char data_sha256[32]; /* of the training data (data_sha256) */
    double objective;      /* Eq. (7) at the solution */
    double gap;            /* duality gap (dual solvers), else NAN */
    double kkt;            /* final optimality measure the solver stopped on */
    long iterations;
} km_model;

/* hinge, SVM defaults: NTK with one hidden layer, lambda 1, exact, tol 1e-6. */
km_spec km_spec_default(void);
/* NC_OK if the spec is consistent, else NC_EINPUT with the reason. */
int km_check(const km_spec *s, nc_err *e);
/* "exact", "subgradient" or "sgd"; parsing returns NC_EINPUT for others. */
const char *km_solver_name(km_solver s);
int km_solver_parse(const char *str, km_solver *s, nc_err *e);

/* The training Gram matrix for spec (with the constant feature if set), from
 * ntk_gram_alloc: free() it. NULL on error. */
double *km_gram(const km_spec *s, const nc_data *train, nc_err *e);
/* Trains on train with its Gram matrix K (from km_gram); K is overwritten by
 * the exact KRR solver (Cholesky in place) and left intact otherwise.
 * NC_ENUMERIC if K + (lambda/2) I is not positive definite (KRR). */
int km_train(km_model *m, const km_spec *s, const nc_data *train, double *K, nc_err *e);
/* The subgradient solvers' model for train_run: g = sum_j a_j K(., x_j) on
 * the n training points of the Gram matrix K (n x n, row-major). Each step
 * takes a <- (1 - lr lambda) a - lr dl and g (g's values on the training
 * points) with it, the function-space dynamics of Theorem 3.2. */
typedef struct {
    const double *K;
    long n;
    double *a, *g; /* n each: coefficients and outputs, 0 for g_0 = 0 */
} km_state;
train_model km_train_model(km_state *st);

/* scores[i] = g(X_i) for the n x d matrix X. NC_EINPUT if d differs. */
int km_predict(const km_model *m, const double *X, long n, long d, double *scores, nc_err *e);
/* Frees the model's arrays and zeroes it. */
void km_free(km_model *m);

/* Model files: a text header (format version, kernel, loss, lambda, epsilon,
 * solver and tolerance, sizes, training data SHA-256, solver statistics),
 * alpha and the stored vectors as little-endian float64 (bit-exact), and a
 * SHA-256 of all that, checked on load. Written atomically. */
#define KM_FORMAT_VERSION 1
int km_save(const km_model *m, const char *path, nc_err *e);
/* NC_EINPUT naming path for a missing, truncated, corrupted (checksum) or
 * other-version file. */
int km_load(km_model *m, const char *path, nc_err *e);

#endif
