/* ibp.h: certified radii of finite ReLU networks (nn.h) by interval bound
 * propagation. Over the ball B(x0, delta) (l_inf or l_2, optionally
 * intersected with a domain box) each first-layer pre-activation
 * <W_u, x> / sqrt(d) is enclosed from <W_u, x0> and delta |W_u|_1 (l_inf) or
 * delta |W_u|_2 (l_2); ReLU, the hidden layers and the output follow in
 * outward-rounded intervals. A centred network's output f(w_T, x) - f(w_0, x)
 * is bounded jointly: both networks see the same x. The radius is searched
 * as in cert.h; only a delta whose lower bound on y f was verified > 0 is
 * returned. The first layer's enclosure is linear in delta, so after one
 * O(m d) pass per point each search step costs O(m) for one hidden layer. */
#ifndef NTKCERT_IBP_H
#define NTKCERT_IBP_H

#include "ntkcert/cert.h"
#include "ntkcert/nn.h"

typedef struct ibp_ctx ibp_ctx;

/* Per-network work: the first layer's row norms. The model must outlive ctx.
 * NC_EINPUT for bad options (o->mode is not used). */
int ibp_prepare(ibp_ctx **ctx, const nn_model *m, const cert_opts *o, nc_err *e);
void ibp_free(ibp_ctx *ctx);
/* Certifies x0 with label y (-1 or +1); r as in cert.h (score f(x0)). */
int ibp_point(const ibp_ctx *ctx, const double *x0, double y, cert_result *r, nc_err *e);
/* The lower bound of y f over B(x0, delta), in doubles or in MPFI at
 * opts.precision bits. */
int ibp_bound_at(const ibp_ctx *ctx, const double *x0, double y, double delta, double *lb, nc_err *e);
/* The enclosure of f (centred: f(w_T, .) - f(w_0, .)) over B(x0, delta), in
 * doubles (precision 0) or MPFI. */
int ibp_enclose(const ibp_ctx *ctx, const double *x0, double delta, iv_t *out, nc_err *e);

#endif
