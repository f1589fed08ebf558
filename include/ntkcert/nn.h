/* nn.h: finite fully connected ReLU networks in NTK parameterisation (the
 * paper's Eq. (1)): every weight N(0,1), each layer's input scaled by
 * 1/sqrt(fan_in), no biases, L hidden layers of width m, scalar output:
 *   h^1 = W^1 x / sqrt(d),  h^{l+1} = W^{l+1} relu(h^l) / sqrt(m),
 *   f(x) = v . relu(h^L) / sqrt(m).
 * Trained through train.h's core on Eq. (7) with the regulariser
 * (lambda/2)|v|^2 on the output layer only (the paper's Def. 3.1), and
 * stored in checksummed network files. */
#ifndef NTKCERT_NN_H
#define NTKCERT_NN_H

#include <stdint.h>

#include "ntkcert/data.h"
#include "ntkcert/error.h"
#include "ntkcert/loss.h"
#include "ntkcert/train.h"

typedef struct {
    long d, width;
    int depth;    /* hidden layers L >= 1 */
    double **W;   /* W[0]: m x d, W[l]: m x m for l = 1..L-1, row-major */
    double *v;    /* output weights, m */
} nn_net;

/* Draws every weight N(0,1) from seed. NC_ENOMEM if the weights do not fit. */
int nn_init(nn_net *net, long d, int depth, long width, uint64_t seed, nc_err *e);
/* Frees the weights; net may be zeroed or half-built. */
void nn_free(nn_net *net);
/* f(x); NaN if its work space cannot be allocated. */
double nn_forward(const nn_net *net, const double *x);
/* The empirical NTK <grad_w f(x), grad_w f(z)> over all weights.
 * NC_ENOMEM if its work space cannot be allocated. */
int nn_entk(const nn_net *net, const double *x, const double *z, double *out, nc_err *e);
/* For the n rows x of X (n x d): f[k] = f(x) and row k of G (n x d) its
 * gradient in x, by backpropagation. */
int nn_input_gradient(const nn_net *net, const double *X, long n, double *f, double *G, nc_err *e);
/* K (n x n) = the empirical NTK between the rows of the n x d matrix X. */
int nn_entk_gram(const nn_net *net, const double *X, long n, double *K, nc_err *e);

/* G (allocated, shaped like net) = the gradient over all weights of
 * sum_k dl[k] f(row k of the n x d matrix X). */
int nn_gradient(const nn_net *net, const double *X, long n, const double *dl, nn_net *G, nc_err *e);

/* The regulariser of training (nn_spec.reg). */
enum {
    NN_REG_OUTPUT = 0, /* (lambda/2)|v|^2 on the output layer: the paper's Eq. (7) */
    NN_REG_INIT = 1    /* (lambda/2)|w - w_0|^2 over all weights: in the wide limit the
                        * tangent kernel stays constant and the regulariser adds
                        * -lambda (f - f_0) to df/dt, the kernel machine's Eq. (8) */
};

typedef struct {
    long width;
    int depth;
    int centered;   /* output f(w_t, x) - f(w_0, x), so that f_0 = 0 */
    int reg;        /* NN_REG_OUTPUT or NN_REG_INIT */
    loss_t loss;
    double lambda;  /* on the output layer: (lambda/2)|v|^2 */
    double lr;
    long epochs;    /* passes over the training set */
    long batch;     /* 0: full batch (subgradient descent), else SGD */
    uint64_t seed;  /* initial weights and minibatch shuffles */
} nn_spec;

typedef struct {
    nn_spec spec;
    nn_net net;     /* the trained weights w_T */
    nn_net init;    /* w_0 when centred or regularised toward it, else zeroed */
    long n_train;
    unsigned char data_sha256[32];
    double objective; /* Eq. (7) at the end of training */
    long steps;
    train_path path;  /* Theorem 4.1's path kernel (nn_train_path), else zeroed */
} nn_model;

/* Width 1000, one hidden layer, not centred, output-layer regulariser,
 * hinge, lambda 0.001, lr 0.1, 1 epoch, batch 64, seed 0. */
nn_spec nn_spec_default(void);
/* NC_EINPUT with the reason if s is inconsistent for inputs of dimension d
 * (0 width, ...), or if its weights (twice, centred) would not fit in this
 * machine's memory: checked before anything is allocated. */
int nn_check(const nn_spec *s, long d, nc_err *e);
/* Initialises from s.seed and trains on train. */
int nn_train(nn_model *m, const nn_spec *s, const nc_data *train, nc_err *e);
/* The same, calling cb (if not NULL) as train_run does; m holds the current
 * weights then, so cb may call nn_predict and nn_entk_gram on them. */
int nn_train_observe(nn_model *m, const nn_spec *s, const nc_data *train, train_callback cb, void *arg, nc_err *e);
/* nn_train, recording Theorem 4.1's path kernel on the training set in
 * m->path (train.h), from the empirical NTK Gram matrix of the training set
 * before every step: n^2 (d + m L) work per step, two n x n matrices.
 * NC_EINPUT for a centred output or the regulariser toward w_0 (the
 * theorem needs grad_v f . v = f for the regularised weights v). */
int nn_train_path(nn_model *m, const nn_spec *s, const nc_data *train, nc_err *e);
/* out[i] = the model's output on row i of the n x d matrix X (minus f(w_0, x)
 * when centred). NC_EINPUT if d differs. */
int nn_predict(const nn_model *m, const double *X, long n, long d, double *out, nc_err *e);
void nn_model_free(nn_model *m);

/* Network files: "NTKCERT-NET" and a text header (format version, shape,
 * training settings, training data SHA-256, the path kernel's size and
 * figures), the weights as little-endian float64 (w_T, then w_0 when
 * centred, then the path kernel's K, a and b when recorded), and a SHA-256
 * of all that, checked on load. Written atomically. Version 1 files (no
 * path kernel) still load. */
#define NN_FORMAT_VERSION 2
int nn_save(const nn_model *m, const char *path, nc_err *e);
/* 1 if path starts as a network file does (it may still fail to load). */
int nn_is_file(const char *path);
/* NC_EINPUT naming path for a missing, truncated, corrupted or other-kind
 * file (a kernel-machine model file is named as such). */
int nn_load(nn_model *m, const char *path, nc_err *e);

#endif
