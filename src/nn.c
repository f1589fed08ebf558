/* Finite ReLU networks: see nn.h. */
#include "ntkcert/nn.h"
#include "ntkcert/io.h"
#include "ntkcert/rng.h"
#include "ntkcert/train.h"

#include <cblas.h>
#include <math.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int nn_init(nn_net *net, long d, int depth, long width, uint64_t seed, nc_err *e)
{
    memset(net, 0, sizeof *net);
    if (d < 1 || depth < 1 || width < 1)
        return nc_fail(e, NC_EINPUT, "nn: bad shape d=%ld depth=%d width=%ld", d, depth, width);
    net->d = d; net->depth = depth; net->width = width;
    net->W = calloc((size_t)depth, sizeof *net->W);
    net->v = malloc((size_t)width * sizeof *net->v);
    if (!net->W || !net->v) goto nomem;
    /* One stream per row, seeded from (seed, layer, row): the weights do not
     * depend on the number of threads. */
    for (int l = 0; l <= depth; l++) {
        long cols = l == 0 ? d : width, rows = l == depth ? 1 : width;
        double *w = l == depth ? net->v : (net->W[l] = malloc((size_t)rows * (size_t)cols * sizeof(double)));
        if (!w) goto nomem;
        #pragma omp parallel for schedule(static)
        for (long i = 0; i < rows; i++) {
            rng_t r;
            rng_seed(&r, seed ^ ((uint64_t)l << 48) ^ ((uint64_t)i * 0x9e3779b97f4a7c15ULL));
            for (long k = 0; k < cols; k++) w[i * cols + k] = rng_normal(&r);
        }
    }
    return NC_OK;
nomem:
    nn_free(net);
    return nc_fail(e, NC_ENOMEM, "nn: out of memory for width %ld, depth %d", width, depth);
}

void nn_free(nn_net *net)
{
    if (net->W)
        for (int l = 0; l < net->depth; l++) free(net->W[l]);
    free(net->W);
    free(net->v);
    memset(net, 0, sizeof *net);
}

/* ---- training ---- */

nn_spec nn_spec_default(void)
{
    nn_spec s = {1000, 1, 0, NN_REG_OUTPUT, {LOSS_HINGE, 0.0}, 0.001, 0.1, 1, 64, 0};
    return s;
}

/* 1 when training keeps w_0: for the centred output or the regulariser toward it. */
static int nn_keeps_init(const nn_spec *s) { return s->centered || s->reg == NN_REG_INIT; }

/* Doubles held by one network's weights. */
static double weight_count(long d, int depth, long m)
{
    return (double)m * (double)d + (double)(depth - 1) * (double)m * (double)m + (double)m;
}

int nn_check(const nn_spec *s, long d, nc_err *e)
{
    if (s->width < 1) return nc_fail(e, NC_EINPUT, "network: width %ld is not >= 1", s->width);
    if (s->depth < 1 || s->depth > 100) return nc_fail(e, NC_EINPUT, "network: depth %d is not in 1..100", s->depth);
    if (d < 1) return nc_fail(e, NC_EINPUT, "network: input dimension %ld is not >= 1", d);
    if (!(s->lambda >= 0) || !isfinite(s->lambda)) return nc_fail(e, NC_EINPUT, "network: lambda %g is not >= 0", s->lambda);
    if (!(s->lr > 0) || !isfinite(s->lr)) return nc_fail(e, NC_EINPUT, "network: learning rate %g is not > 0", s->lr);
    if (s->epochs < 0) return nc_fail(e, NC_EINPUT, "network: epochs %ld < 0", s->epochs);
    if (s->batch < 0) return nc_fail(e, NC_EINPUT, "network: batch %ld < 0", s->batch);
    if (s->centered != 0 && s->centered != 1) return nc_fail(e, NC_EINPUT, "network: centred %d is not 0 or 1", s->centered);
    if (s->reg != NN_REG_OUTPUT && s->reg != NN_REG_INIT)
        return nc_fail(e, NC_EINPUT, "network: regulariser %d is not 0 (output layer) or 1 (toward w_0)", s->reg);
    /* BLAS takes 32-bit sizes: each weight matrix must have fewer than 2^31 entries */
    if ((double)s->width * (double)(s->depth > 1 && s->width > d ? s->width : d) >= 0x1p31)
        return nc_fail(e, NC_EINPUT, "network: width %ld gives a weight matrix of 2^31 entries or more", s->width);
    /* w_T, w_0 (centred or regularised toward it), and a gradient buffer for batches of several blocks */
    double bytes = 8.0 * weight_count(d, s->depth, s->width) *
                   (1 + nn_keeps_init(s) + (s->batch == 0 || s->batch > 256 || s->reg == NN_REG_INIT));
    double mem = (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGESIZE);
    if (mem > 0 && bytes > 0.9 * mem)
        return nc_fail(e, NC_EINPUT, "network: width %ld, depth %d%s%s needs %.1f GB of weights; this machine has %.1f GB",
                       s->width, s->depth, nn_keeps_init(s) ? ", with w_0" : "",
                       s->batch == 0 || s->batch > 256 ? ", full batch" : "", bytes / 1e9, mem / 1e9);
    return NC_OK;
}

/* Rows per block of the batched passes: bounds their work space. */
static long block_rows(const nn_net *net)
{
    long b = (long)(0x1p24 / ((double)net->width * net->depth));
    return b < 1 ? 1 : b > 256 ? 256 : b;
}

/* Batched forward pass on the nb x d rows Xb: A[l] (nb x m) = relu(h^{l+1});
 * out[k] = f(row k). */
static void forward_block(const nn_net *net, const double *Xb, long nb, double *A, double *out)
{
    const long m = net->width, d = net->d;
    const size_t per = (size_t)nb * (size_t)m;
    const double sm = 1.0 / sqrt((double)m);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nb, (int)m, (int)d, 1.0 / sqrt((double)d), Xb, (int)d,
                net->W[0], (int)d, 0.0, A, (int)m);
    for (size_t k = 0; k < per; k++) A[k] = A[k] > 0 ? A[k] : 0.0;
    for (int l = 1; l < net->depth; l++) {
        double *a = A + (size_t)l * per;
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nb, (int)m, (int)m, sm, a - per, (int)m, net->W[l],
                    (int)m, 0.0, a, (int)m);
        for (size_t k = 0; k < per; k++) a[k] = a[k] > 0 ? a[k] : 0.0;
    }
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)nb, (int)m, sm, A + (size_t)(net->depth - 1) * per, (int)m, net->v, 1,
                0.0, out, 1);
}

/* Adds scale * the gradient of sum_k dl[k] f(row k) to G's weights (G may be
 * net itself: every layer's gradient is taken before its weights change).
 * D and D2 are nb x m work space; A from forward_block. */
static void backward_block(const nn_net *net, const double *Xb, long nb, const double *dl, const double *A,
                           double scale, nn_net *G, double *D, double *D2)
{
    const long m = net->width, d = net->d;
    const size_t per = (size_t)nb * (size_t)m;
    const double sm = 1.0 / sqrt((double)m);
    const int L = net->depth;
    const double *aL = A + (size_t)(L - 1) * per;
    for (long k = 0; k < nb; k++)
        for (long j = 0; j < m; j++)
            D[(size_t)k * m + j] = aL[(size_t)k * m + j] > 0 ? dl[k] * net->v[j] * sm : 0.0;
    cblas_dgemv(CblasRowMajor, CblasTrans, (int)nb, (int)m, scale * sm, aL, (int)m, dl, 1, 1.0, G->v, 1);
    for (int l = L - 1; l >= 1; l--) {
        const double *ap = A + (size_t)(l - 1) * per;
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)nb, (int)m, (int)m, sm, D, (int)m, net->W[l],
                    (int)m, 0.0, D2, (int)m);
        for (size_t k = 0; k < per; k++) if (!(ap[k] > 0)) D2[k] = 0.0;
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)m, (int)m, (int)nb, scale * sm, D, (int)m, ap, (int)m,
                    1.0, G->W[l], (int)m);
        double *t = D; D = D2; D2 = t;
    }
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)m, (int)d, (int)nb, scale / sqrt((double)d), D, (int)m, Xb,
                (int)d, 1.0, G->W[0], (int)d);
}

/* Work space for the batched passes over at most rows rows. */
typedef struct { long rows; double *Xb, *A, *D, *D2, *out; } nn_work;

static int work_alloc(nn_work *w, const nn_net *net, long rows)
{
    const size_t per = (size_t)rows * (size_t)net->width;
    w->rows = rows;
    w->Xb = malloc((size_t)rows * (size_t)net->d * sizeof(double));
    w->A = malloc(per * (size_t)net->depth * sizeof(double));
    w->D = malloc(per * sizeof(double));
    w->D2 = malloc(per * sizeof(double));
    w->out = malloc((size_t)rows * sizeof(double));
    return w->Xb && w->A && w->D && w->D2 && w->out ? NC_OK : NC_ENOMEM;
}

static void work_free(nn_work *w)
{
    free(w->Xb); free(w->A); free(w->D); free(w->D2); free(w->out);
    memset(w, 0, sizeof *w);
}

/* out[k] = f(net, X[idx[k]]) (idx NULL: row k), k < n. */
static void forward_rows(const nn_net *net, const double *X, const long *idx, long n, nn_work *w, double *out)
{
    const long d = net->d;
    for (long k0 = 0; k0 < n; k0 += w->rows) {
        long nb = n - k0 < w->rows ? n - k0 : w->rows;
        for (long k = 0; k < nb; k++)
            memcpy(w->Xb + (size_t)k * d, X + (size_t)(idx ? idx[k0 + k] : k0 + k) * d, (size_t)d * sizeof(double));
        forward_block(net, w->Xb, nb, w->A, out + k0);
    }
}

double nn_forward(const nn_net *net, const double *x)
{
    nn_work w = {0};
    double f = NAN;
    if (!work_alloc(&w, net, 1)) forward_block(net, x, 1, w.A, &f);
    work_free(&w);
    return f;
}

int nn_entk_gram(const nn_net *net, const double *X, long n, double *K, nc_err *e)
{
    const long m = net->width, d = net->d;
    const int L = net->depth;
    const size_t per = (size_t)n * (size_t)m;
    double *A = malloc(per * (size_t)L * sizeof *A), *D = malloc(per * sizeof *D), *D2 = malloc(per * sizeof *D2);
    double *T = malloc((size_t)n * (size_t)n * sizeof *T), *U = malloc((size_t)n * (size_t)n * sizeof *U);
    double *out = malloc((size_t)n * sizeof *out);
    if (!A || !D || !D2 || !T || !U || !out) {
        free(A); free(D); free(D2); free(T); free(U); free(out);
        return nc_fail(e, NC_ENOMEM, "nn: out of memory for the empirical NTK of %ld points", n);
    }
    forward_block(net, X, n, A, out);
    const double sm = 1.0 / sqrt((double)m);
    /* the output layer: <relu(h^L(x)), relu(h^L(z))> / m */
    const double *aL = A + (size_t)(L - 1) * per;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)n, (int)m, 1.0 / (double)m, aL, (int)m, aL, (int)m,
                0.0, K, (int)n);
    /* layer l: <D_l(x), D_l(z)> <in_l(x), in_l(z)> / fan_in_l, D_l = df/dh^{l+1} */
    for (long k = 0; k < n; k++)
        for (long j = 0; j < m; j++) D[(size_t)k * m + j] = aL[(size_t)k * m + j] > 0 ? net->v[j] * sm : 0.0;
    for (int l = L - 1; l >= 0; l--) {
        const double *in = l ? A + (size_t)(l - 1) * per : X;
        const long fan = l ? m : d;
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)n, (int)m, 1.0, D, (int)m, D, (int)m, 0.0, T,
                    (int)n);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)n, (int)fan, 1.0 / (double)fan, in, (int)fan,
                    in, (int)fan, 0.0, U, (int)n);
        for (size_t k = 0; k < (size_t)n * (size_t)n; k++) K[k] += T[k] * U[k];
        if (l) {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)m, (int)m, sm, D, (int)m, net->W[l],
                        (int)m, 0.0, D2, (int)m);
            for (size_t k = 0; k < per; k++) if (!(in[k] > 0)) D2[k] = 0.0;
            double *t = D; D = D2; D2 = t;
        }
    }
    free(A); free(D); free(D2); free(T); free(U); free(out);
    return NC_OK;
}

int nn_input_gradient(const nn_net *net, const double *X, long n, double *f, double *G, nc_err *e)
{
    const long m = net->width, d = net->d;
    const int L = net->depth;
    const size_t per = (size_t)n * (size_t)m;
    nn_work w = {0};
    if (work_alloc(&w, net, n)) {
        work_free(&w);
        return nc_fail(e, NC_ENOMEM, "nn: out of memory for the input gradient of %ld points", n);
    }
    forward_block(net, X, n, w.A, f);
    double *D = w.D, *D2 = w.D2;
    const double sm = 1.0 / sqrt((double)m);
    const double *aL = w.A + (size_t)(L - 1) * per;
    for (long k = 0; k < n; k++)
        for (long j = 0; j < m; j++) D[(size_t)k * m + j] = aL[(size_t)k * m + j] > 0 ? net->v[j] * sm : 0.0;
    for (int l = L - 1; l >= 1; l--) {
        const double *ap = w.A + (size_t)(l - 1) * per;
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)m, (int)m, sm, D, (int)m, net->W[l],
                    (int)m, 0.0, D2, (int)m);
        for (size_t k = 0; k < per; k++) if (!(ap[k] > 0)) D2[k] = 0.0;
        double *t = D; D = D2; D2 = t;
    }
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)d, (int)m, 1.0 / sqrt((double)d), D, (int)m,
                net->W[0], (int)d, 0.0, G, (int)d);
    work_free(&w);
    return NC_OK;
}

int nn_entk(const nn_net *net, const double *x, const double *z, double *out, nc_err *e)
{
    double K[4], *X = malloc(2 * (size_t)net->d * sizeof *X);
    if (!X) return nc_fail(e, NC_ENOMEM, "nn: out of memory for the empirical NTK");
    memcpy(X, x, (size_t)net->d * sizeof *X);
    memcpy(X + net->d, z, (size_t)net->d * sizeof *X);
    int rc = nn_entk_gram(net, X, 2, K, e);
    if (!rc) *out = K[1];
    free(X);
    return rc;
}

/* The network as a train_model: outputs f(w, x_i) - f0[i] and steps on the
 * regulariser plus the loss terms. */
typedef struct {
    nn_net *net;
    const nn_net *init; /* w_0 for the regulariser toward it, else NULL */
    const double *X;
    const double *f0;   /* f(w_0, x_i) when centred, else NULL */
    nn_work w;
    nn_net G;           /* gradient accumulator for batches of several blocks */
    long n;             /* training points */
} nn_trainer;

static int tr_outputs(void *self, const long *idx, long n, double *out, nc_err *e)
{
    (void)e;
    nn_trainer *t = self;
    forward_rows(t->net, t->X, idx, n, &t->w, out);
    if (t->f0)
        for (long k = 0; k < n; k++) out[k] -= t->f0[idx[k]];
    return NC_OK;
}

/* Adds scale * the gradient of sum_k dl[k] f(X[idx[k]]) (idx NULL: row k)
 * to G, block by block, all at net's weights (G may be net itself when n
 * fits one block). */
static void gradient_rows(const nn_net *net, const double *X, const long *idx, long n, const double *dl, double scale,
                          nn_net *G, nn_work *w)
{
    const long d = net->d;
    for (long k0 = 0; k0 < n; k0 += w->rows) {
        long nb = n - k0 < w->rows ? n - k0 : w->rows;
        for (long k = 0; k < nb; k++)
            memcpy(w->Xb + (size_t)k * d, X + (size_t)(idx ? idx[k0 + k] : k0 + k) * d, (size_t)d * sizeof(double));
        forward_block(net, w->Xb, nb, w->A, w->out);
        backward_block(net, w->Xb, nb, dl + k0, w->A, scale, G, w->D, w->D2);
    }
}

/* A zeroed network shaped like net. */
static int zeros_like(nn_net *G, const nn_net *net)
{
    memset(G, 0, sizeof *G);
    G->d = net->d; G->width = net->width; G->depth = net->depth;
    G->W = calloc((size_t)net->depth, sizeof *G->W);
    G->v = calloc((size_t)net->width, sizeof(double));
    if (!G->W || !G->v) return NC_ENOMEM;
    for (int l = 0; l < net->depth; l++)
        if (!(G->W[l] = calloc((size_t)net->width * (size_t)(l ? net->width : net->d), sizeof(double)))) return NC_ENOMEM;
    return NC_OK;
}

int nn_gradient(const nn_net *net, const double *X, long n, const double *dl, nn_net *G, nc_err *e)
{
    nn_work w = {0};
    int rc = zeros_like(G, net);
    if (!rc) rc = work_alloc(&w, net, block_rows(net));
    if (!rc) gradient_rows(net, X, NULL, n, dl, 1.0, G, &w);
    work_free(&w);
    if (rc) { nn_free(G); return nc_fail(e, rc, "network: out of memory for the gradient"); }
    return NC_OK;
}

static int tr_step(void *self, const long *idx, long n, const double *dl, double lr, double lambda, nc_err *e)
{
    nn_trainer *t = self;
    nn_net *net = t->net;
    const long m = net->width, d = net->d;
    if (n <= t->w.rows && !t->init) { /* one block: every layer's gradient is taken before its weights change */
        double *v0 = malloc((size_t)m * sizeof *v0); /* v's regulariser from the old v */
        if (!v0) return nc_fail(e, NC_ENOMEM, "network: out of memory");
        memcpy(v0, net->v, (size_t)m * sizeof *v0);
        nn_net old = *net;
        old.v = v0;
        gradient_rows(&old, t->X, idx, n, dl, -lr, net, &t->w);
        cblas_daxpy((int)m, -lr * lambda, v0, 1, net->v, 1);
        free(v0);
        return NC_OK;
    }
    /* the gradient at the old weights into G; then the regulariser at the old
     * weights, w -= lr lambda v (output layer) or lr lambda (w - w_0) (toward
     * w_0); then w -= lr G */
    if (!t->G.W && zeros_like(&t->G, net)) return nc_fail(e, NC_ENOMEM, "network: out of memory for the gradient");
    for (int l = 0; l < net->depth; l++) memset(t->G.W[l], 0, (size_t)m * (size_t)(l ? m : d) * sizeof(double));
    memset(t->G.v, 0, (size_t)m * sizeof(double));
    gradient_rows(net, t->X, idx, n, dl, 1.0, &t->G, &t->w);
    const double shrink = 1.0 - lr * lambda;
    for (int l = 0; l <= net->depth; l++) {
        const int k = (int)(l == net->depth ? m : m * (l ? m : d));
        double *w = l == net->depth ? net->v : net->W[l];
        if (t->init || l == net->depth) {
            cblas_dscal(k, shrink, w, 1);
            if (t->init) cblas_daxpy(k, lr * lambda, l == net->depth ? t->init->v : t->init->W[l], 1, w, 1);
        }
        cblas_daxpy(k, -lr, l == net->depth ? t->G.v : t->G.W[l], 1, w, 1);
    }
    return NC_OK;
}

static int copy_net(nn_net *dst, const nn_net *src, nc_err *e)
{
    memset(dst, 0, sizeof *dst);
    *dst = *src;
    dst->W = calloc((size_t)src->depth, sizeof *dst->W);
    dst->v = malloc((size_t)src->width * sizeof(double));
    if (!dst->W || !dst->v) goto nomem;
    for (int l = 0; l < src->depth; l++) {
        size_t k = (size_t)src->width * (size_t)(l ? src->width : src->d);
        if (!(dst->W[l] = malloc(k * sizeof(double)))) goto nomem;
        memcpy(dst->W[l], src->W[l], k * sizeof(double));
    }
    memcpy(dst->v, src->v, (size_t)src->width * sizeof(double));
    return NC_OK;
nomem:
    nn_free(dst);
    return nc_fail(e, NC_ENOMEM, "network: out of memory for a copy of the weights");
}

/* |v|^2 (output layer) or |w - w_0|^2 (toward w_0). */
static double reg_norm2(const nn_model *m)
{
    const nn_net *a = &m->net, *b = &m->init;
    const long M = a->width, d = a->d;
    double s = 0;
    for (int l = 0; l <= a->depth; l++) {
        if (m->spec.reg == NN_REG_OUTPUT && l < a->depth) continue;
        const long k = l == a->depth ? M : M * (l ? M : d);
        const double *x = l == a->depth ? a->v : a->W[l], *x0 = l == a->depth ? b->v : b->W[l];
        for (long i = 0; i < k; i++) {
            double u = m->spec.reg == NN_REG_INIT ? x[i] - x0[i] : x[i];
            s += u * u;
        }
    }
    return s;
}

/* The tangent kernel on the training points, for train_run_path. */
static int tr_ntk(void *self, double *Theta, nc_err *e)
{
    const nn_trainer *t = self;
    return nn_entk_gram(t->net, t->X, t->n, Theta, e);
}

static int train_net(nn_model *m, const nn_spec *s, const nc_data *tr, train_callback cb, void *arg, int path,
                     nc_err *e);

int nn_train(nn_model *m, const nn_spec *s, const nc_data *tr, nc_err *e)
{
    return train_net(m, s, tr, NULL, NULL, 0, e);
}

int nn_train_observe(nn_model *m, const nn_spec *s, const nc_data *tr, train_callback cb, void *arg, nc_err *e)
{
    return train_net(m, s, tr, cb, arg, 0, e);
}

int nn_train_path(nn_model *m, const nn_spec *s, const nc_data *tr, nc_err *e)
{
    if (s->centered || s->reg != NN_REG_OUTPUT)
        return nc_fail(e, NC_EINPUT, "network: the path kernel (Theorem 4.1) needs an uncentred output and the "
                                     "output-layer regulariser (--reg output)");
    return train_net(m, s, tr, NULL, NULL, 1, e);
}

/* Trains, calling cb as train_run does, recording the path kernel when path. */
static int train_net(nn_model *m, const nn_spec *s, const nc_data *tr, train_callback cb, void *arg, int path,
                     nc_err *e)
{
    memset(m, 0, sizeof *m);
    int rc = nn_check(s, tr->d, e);
    if (rc) return rc;
    if (tr->n < 1) return nc_fail(e, NC_EINPUT, "network: no training points");
    m->spec = *s;
    m->n_train = tr->n;
    data_sha256(tr, m->data_sha256);
    if ((rc = nn_init(&m->net, tr->d, s->depth, s->width, s->seed, e))) return rc;
    nn_trainer t = {&m->net, NULL, tr->X, NULL, {0}, {0}, tr->n};
    double *f0 = NULL, *out = NULL;
    if (nn_keeps_init(s) && (rc = copy_net(&m->init, &m->net, e))) goto done;
    if (s->reg == NN_REG_INIT) t.init = &m->init;
    /* a minibatch in one block: its step goes straight into the weights */
    const long b = s->batch > 0 && s->batch < tr->n ? s->batch : tr->n;
    long rows = block_rows(&m->net);
    if (b <= 256 && b > rows) rows = b;
    if (work_alloc(&t.w, &m->net, rows)) { rc = nc_fail(e, NC_ENOMEM, "network: out of memory"); goto done; }
    if (s->centered) {
        if (!(f0 = malloc((size_t)tr->n * sizeof *f0))) { rc = nc_fail(e, NC_ENOMEM, "network: out of memory"); goto done; }
        forward_rows(&m->init, tr->X, NULL, tr->n, &t.w, f0);
        t.f0 = f0;
    }
    train_model tm = {tr->n, &t, tr_outputs, tr_step};
    train_opts o = {s->loss, s->lambda, s->lr, TRAIN_CONSTANT, s->epochs * (tr->n / b), b == tr->n ? 0 : b, s->seed,
                    cb, arg};
    m->steps = o.steps;
    if ((rc = path ? train_run_path(&tm, tr_ntk, tr->y, &o, &m->path, e) : train_run(&tm, tr->y, &o, e))) goto done;
    if (!(out = malloc((size_t)tr->n * sizeof *out))) { rc = nc_fail(e, NC_ENOMEM, "network: out of memory"); goto done; }
    if ((rc = nn_predict(m, tr->X, tr->n, tr->d, out, e))) goto done;
    double obj = 0.5 * s->lambda * reg_norm2(m);
    for (long i = 0; i < tr->n; i++) obj += loss_value(&s->loss, out[i], tr->y[i]);
    m->objective = obj;
done:
    free(f0);
    free(out);
    work_free(&t.w);
    nn_free(&t.G);
    if (rc) nn_model_free(m);
    return rc;
}

int nn_predict(const nn_model *m, const double *X, long n, long d, double *out, nc_err *e)
{
    if (d != m->net.d) return nc_fail(e, NC_EINPUT, "network: data of dimension %ld, the network takes %ld", d, m->net.d);
    nn_work w = {0};
    double *f0 = NULL;
    if (work_alloc(&w, &m->net, block_rows(&m->net)) || (m->spec.centered && !(f0 = malloc((size_t)n * sizeof *f0 + 1)))) {
        work_free(&w);
        return nc_fail(e, NC_ENOMEM, "network: out of memory");
    }
    forward_rows(&m->net, X, NULL, n, &w, out);
    if (f0) {
        forward_rows(&m->init, X, NULL, n, &w, f0);
        for (long i = 0; i < n; i++) out[i] -= f0[i];
    }
    free(f0);
    work_free(&w);
    return NC_OK;
}

void nn_model_free(nn_model *m)
{
    nn_free(&m->net);
    nn_free(&m->init);
    train_path_free(&m->path);
    memset(m, 0, sizeof *m);
}

/* ---- network files ---- */

#define NET_MAGIC "NTKCERT-NET"

/* Writes n doubles to f and to the digest. */
static void put(FILE *f, EVP_MD_CTX *c, const double *x, size_t n)
{
    fwrite(x, sizeof(double), n, f);
    EVP_DigestUpdate(c, x, n * sizeof(double));
}

static void put_net(FILE *f, EVP_MD_CTX *c, const nn_net *net)
{
    for (int l = 0; l < net->depth; l++) put(f, c, net->W[l], (size_t)net->width * (size_t)(l ? net->width : net->d));
    put(f, c, net->v, (size_t)net->width);
}

int nn_save(const nn_model *m, const char *path, nc_err *e)
{
    const nn_spec *s = &m->spec;
    const train_path *p = &m->path;
    char sha[65], h[2048];
    data_hex(m->data_sha256, sha);
    int hl = snprintf(h, sizeof h,
        NET_MAGIC " %d\nd %ld\nwidth %ld\ndepth %d\ncentered %d\nloss %s\nepsilon %.17g\nlambda %.17g\nreg %s\n"
        "lr %.17g\nepochs %ld\nbatch %ld\nseed %llu\nn_train %ld\ntrain_sha256 %s\nobjective %.17g\nsteps %ld\n"
        "path_kernel %ld\npath_norm2 %.17g\npath_trace %.17g\npath_flips %ld\npath_flip_points %ld\n"
        "payload W[l] v%s%s float64le\nend\n",
        NN_FORMAT_VERSION, m->net.d, s->width, s->depth, s->centered, loss_name(s->loss.kind), s->loss.epsilon,
        s->lambda, s->reg == NN_REG_INIT ? "init" : "output", s->lr, s->epochs, s->batch, (unsigned long long)s->seed, m->n_train, sha, m->objective, m->steps,
        p->n, p->norm2, p->trace, p->flips, p->flip_points, s->centered ? " W0[l] v0" : "", p->n ? " K a b" : "");
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    if (!c) return nc_fail(e, NC_ENOMEM, "%s: out of memory", path);
    io_out o;
    int rc = io_out_open(&o, path, e);
    if (!rc) {
        EVP_DigestInit_ex(c, EVP_sha256(), NULL);
        fwrite(h, 1, (size_t)hl, o.f);
        EVP_DigestUpdate(c, h, (size_t)hl);
        put_net(o.f, c, &m->net);
        if (s->centered) put_net(o.f, c, &m->init);
        if (p->n) {
            put(o.f, c, p->K, (size_t)p->n * (size_t)p->n);
            put(o.f, c, p->a, (size_t)p->n);
            put(o.f, c, p->b, (size_t)p->n);
        }
        unsigned char dg[32];
        unsigned len;
        EVP_DigestFinal_ex(c, dg, &len);
        data_hex(dg, sha);
        fprintf(o.f, "sha256 %s\n", sha);
        rc = io_out_commit(&o, e);
    }
    EVP_MD_CTX_free(c);
    return rc;
}

/* Reads n doubles from f into x and the digest; 0 on a short read. */
static int get(FILE *f, EVP_MD_CTX *c, double *x, size_t n)
{
    if (fread(x, sizeof(double), n, f) != n) return 0;
    EVP_DigestUpdate(c, x, n * sizeof(double));
    return 1;
}

static int get_net(FILE *f, EVP_MD_CTX *c, nn_net *net, long d, int depth, long m)
{
    memset(net, 0, sizeof *net);
    net->d = d; net->width = m; net->depth = depth;
    net->W = calloc((size_t)depth, sizeof *net->W);
    net->v = malloc((size_t)m * sizeof(double));
    if (!net->W || !net->v) return NC_ENOMEM;
    for (int l = 0; l < depth; l++) {
        size_t k = (size_t)m * (size_t)(l ? m : d);
        if (!(net->W[l] = malloc(k * sizeof(double)))) return NC_ENOMEM;
        if (!get(f, c, net->W[l], k)) return NC_EINPUT;
    }
    return get(f, c, net->v, (size_t)m) ? NC_OK : NC_EINPUT;
}

int nn_is_file(const char *path)
{
    char h[sizeof NET_MAGIC] = {0};
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    size_t k = fread(h, 1, sizeof h, f);
    fclose(f);
    return k == sizeof h && !memcmp(h, NET_MAGIC " ", sizeof h);
}

int nn_load(nn_model *m, const char *path, nc_err *e)
{
    memset(m, 0, sizeof *m);
    FILE *f = fopen(path, "rb");
    if (!f) return nc_fail(e, NC_EINPUT, "%s: cannot open network file", path);
    char h[4096];
    size_t hl = 0;
    int rc = NC_EINPUT;
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    /* the header: lines up to "end" */
    while (hl + 256 < sizeof h && fgets(h + hl, (int)(sizeof h - hl), f)) {
        size_t l = strlen(h + hl);
        hl += l;
        if (!strcmp(h + hl - l, "end\n")) break;
    }
    h[hl] = 0;
    if (!c) { rc = nc_fail(e, NC_ENOMEM, "%s: out of memory", path); goto out; }
    if (!strncmp(h, "NTKCERT-MODEL ", 14)) {
        nc_fail(e, rc, "%s: a kernel-machine model file, not a network (certify it with 'ntkcert certify')", path);
        goto out;
    }
    if (strncmp(h, NET_MAGIC " ", strlen(NET_MAGIC) + 1) || hl < 4 || strcmp(h + hl - 4, "end\n")) {
        nc_fail(e, rc, "%s: not an ntkcert network file", path);
        goto out;
    }
    int version = atoi(h + strlen(NET_MAGIC) + 1);
    if (version != 1 && version != NN_FORMAT_VERSION) {
        nc_fail(e, rc, "%s: network format version %d, this ntkcert reads versions 1 and %d", path, version,
                NN_FORMAT_VERSION);
        goto out;
    }
    nn_spec *s = &m->spec;
    *s = nn_spec_default();
    long d = 0;
    unsigned long long seed = 0;
    char lname[32] = {0}, shahex[65] = {0};
    const char *v;
    int ok = 1;
#define GET(key, fmt, dst) ok = ok && (v = strstr(h, "\n" key " ")) && sscanf(v + strlen(key) + 2, fmt, dst) == 1
    GET("d", "%ld", &d);
    GET("width", "%ld", &s->width);
    GET("depth", "%d", &s->depth);
    GET("centered", "%d", &s->centered);
    GET("loss", "%31s", lname);
    GET("epsilon", "%lf", &s->loss.epsilon);
    GET("lambda", "%lf", &s->lambda);
    GET("lr", "%lf", &s->lr);
    GET("epochs", "%ld", &s->epochs);
    GET("batch", "%ld", &s->batch);
    GET("seed", "%llu", &seed);
    GET("n_train", "%ld", &m->n_train);
    GET("train_sha256", "%64s", shahex);
    GET("objective", "%lf", &m->objective);
    GET("steps", "%ld", &m->steps);
    train_path *p = &m->path;
    if (version >= 2) { /* version 1 had no path kernel */
        GET("path_kernel", "%ld", &p->n);
        GET("path_norm2", "%lf", &p->norm2);
        GET("path_trace", "%lf", &p->trace);
        GET("path_flips", "%ld", &p->flips);
        GET("path_flip_points", "%ld", &p->flip_points);
    }
#undef GET
    const char *rg = strstr(h, "\nreg "); /* absent before the regulariser toward w_0 existed */
    s->reg = rg && !strncmp(rg + 5, "init\n", 5) ? NN_REG_INIT : NN_REG_OUTPUT;
    s->seed = seed;
    nc_err sub;
    ok = ok && loss_parse(lname, &s->loss.kind, &sub) == 0 && strlen(shahex) == 64;
    for (int i = 0; ok && i < 32; i++) {
        unsigned x;
        ok = sscanf(shahex + 2 * i, "%2x", &x) == 1;
        m->data_sha256[i] = (unsigned char)x;
    }
    nn_spec shape = *s;
    shape.batch = 1; /* loading needs no gradient buffer */
    if (ok && !(p->n == 0 || p->n == m->n_train)) {
        nc_fail(e, rc, "%s: malformed network header: a path kernel of %ld points for %ld training points", path, p->n,
                m->n_train);
        p->n = 0;
        goto out;
    }
    if (!ok || nn_check(&shape, d, &sub)) {
        nc_fail(e, rc, "%s: malformed network header%s%s", path, ok ? ": " : "", ok ? sub.msg : "");
        goto out;
    }
    /* the payload's size, before allocating it */
    long here = ftell(f);
    fseek(f, 0, SEEK_END);
    const double np = (double)p->n;
    double need = 8.0 * (weight_count(d, s->depth, s->width) * (s->centered ? 2 : 1) + np * (np + 2)) + 7 + 64 + 1;
    if ((double)(ftell(f) - here) != need) {
        nc_fail(e, rc, "%s: truncated or padded network file (%ld bytes after the header, %.0f expected)", path,
                ftell(f) - here, need);
        goto out;
    }
    fseek(f, here, SEEK_SET);
    EVP_DigestInit_ex(c, EVP_sha256(), NULL);
    EVP_DigestUpdate(c, h, hl);
    int r = get_net(f, c, &m->net, d, s->depth, s->width);
    if (!r && s->centered) r = get_net(f, c, &m->init, d, s->depth, s->width);
    if (!r && p->n) {
        const long n = p->n;
        p->n = 0; /* nothing to free until allocated */
        if (!(p->K = malloc((size_t)n * (size_t)n * sizeof(double))) || !(p->a = malloc((size_t)n * sizeof(double))) ||
            !(p->b = malloc((size_t)n * sizeof(double))))
            r = NC_ENOMEM;
        else if (!get(f, c, p->K, (size_t)n * (size_t)n) || !get(f, c, p->a, (size_t)n) || !get(f, c, p->b, (size_t)n))
            r = NC_EINPUT;
        p->n = n;
    }
    if (r) {
        nc_fail(e, r, r == NC_ENOMEM ? "%s: out of memory for the weights" : "%s: truncated network file", path);
        rc = r;
        goto out;
    }
    unsigned char dg[32];
    unsigned len;
    char hex[65], tail[80] = {0};
    EVP_DigestFinal_ex(c, dg, &len);
    data_hex(dg, hex);
    if (fread(tail, 1, 72, f) != 72 || memcmp(tail, "sha256 ", 7) || memcmp(tail + 7, hex, 64) || tail[71] != '\n') {
        nc_fail(e, rc, "%s: checksum mismatch: the network file is truncated or corrupted", path);
        goto out;
    }
    rc = NC_OK;
out:
    EVP_MD_CTX_free(c);
    fclose(f);
    if (rc) nn_model_free(m);
    return rc;
}
