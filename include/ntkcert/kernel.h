/* kernel.h: analytic NTK and NNGP kernels of fully connected ReLU networks in
 * NTK parameterisation: weights N(0,1), each layer's input scaled by
 * 1/sqrt(fan_in), optional bias N(0,1) scaled by sqrt(bias_var), scalar output.
 *
 * With L hidden layers, Sigma^1(x,z) = <x,z>/d + b, and for l = 1..L
 *   Sigma^{l+1}(x,z) = sqrt(Sxx Szz) k1(u)/2 + b,  Sdot^{l+1} = k0(u)/2,
 *   Theta^{l+1} = Theta^l Sdot^{l+1} + Sigma^{l+1},  Theta^1 = Sigma^1,
 * u = Sigma^l(x,z)/sqrt(Sxx Szz), k0(u) = (pi - acos u)/pi,
 * k1(u) = (sqrt(1 - u^2) + (pi - acos u) u)/pi. NTK = Theta^{L+1},
 * NNGP = Sigma^{L+1}. For L = 1 the NTK is the closed form
 * |x||z| h(u) / (2 pi d), h(u) = 2u(pi - acos u) + sqrt(1 - u^2). */
#ifndef NTKCERT_KERNEL_H
#define NTKCERT_KERNEL_H

#include <mpfi.h>

#include "ntkcert/error.h"
#include "ntkcert/interval.h"

typedef enum { NTK_NTK = 0, NTK_NNGP = 1 } ntk_kind;

typedef struct {
    ntk_kind kind;
    int depth;       /* hidden layers, >= 1 */
    double bias_var; /* variance of each bias term, >= 0 (0: no biases) */
} ntk_params;

/* Default parameters: NTK, one hidden layer, no biases. */
ntk_params ntk_default(void);
/* NC_OK if p is usable, else NC_EINPUT with a message. */
int ntk_check(const ntk_params *p, nc_err *e);
/* "ntk" or "nngp". */
const char *ntk_kind_name(ntk_kind k);
/* Parses "ntk" or "nngp" into *k; NC_EINPUT otherwise. */
int ntk_kind_parse(const char *s, ntk_kind *k, nc_err *e);

/* h(u) = 2u(pi - acos u) + sqrt(1 - u^2) for u in [-1, 1], in double. */
double ntk_h(double u);
/* The paper's two-layer NTK |x||z| h(u) / (2 pi d) from <x,z>, |x|^2, |z|^2. */
double ntk_two_layer(long d, double dot, double nx2, double nz2);

/* The kernel from <x,z>, |x|^2 and |z|^2 of d-dimensional inputs, in double. */
double ntk_eval(const ntk_params *p, long d, double dot, double nx2, double nz2);
/* The kernel of the vectors x and z, in double. */
double ntk_eval_vec(const ntk_params *p, long d, const double *x, const double *z);
/* Its enclosure over ranges of <x,z>, |x|^2, |z|^2 is bound_ntk (bound.h). */
/* The same enclosure in MPFI at r's precision. */
void ntk_eval_mp(mpfi_ptr r, const ntk_params *p, long d,
                 mpfi_srcptr dot, mpfi_srcptr nx2, mpfi_srcptr nz2);

/* Allocates an n x m matrix of doubles for ntk_gram (free it with free()),
 * on transparent huge pages where the system offers them: a 12665^2 Gram
 * matrix otherwise costs a second of page faults. NULL and NC_ENOMEM if it
 * does not fit. */
double *ntk_gram_alloc(long n, long m, nc_err *e);
/* K[i*m + j] = kernel(X_i, Z_j) for the n x d matrix X and m x d matrix Z
 * (row-major). Z == NULL means Z = X (m = n), computed once per pair with
 * dsyrk and mirrored. Inner products by BLAS, the elementwise map by OpenMP. */
int ntk_gram(const ntk_params *p, const double *X, long n, const double *Z, long m,
             long d, double *K, nc_err *e);

#endif
