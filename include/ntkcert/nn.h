/* nn.h: finite fully connected ReLU networks in NTK parameterisation (the
 * paper's Eq. (1)): every weight N(0,1), each layer's input scaled by
 * 1/sqrt(fan_in), no biases, L hidden layers of width m, scalar output:
 *   h^1 = W^1 x / sqrt(d),  h^{l+1} = W^{l+1} relu(h^l) / sqrt(m),
 *   f(x) = v . relu(h^L) / sqrt(m). */
#ifndef NTKCERT_NN_H
#define NTKCERT_NN_H

#include <stdint.h>

#include "ntkcert/error.h"

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

#endif
