/* Finite ReLU networks: see nn.h. */
#include "ntkcert/nn.h"
#include "ntkcert/rng.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* Pre-activations H[l] (m each) of x; returns f(x). */
static double forward(const nn_net *net, const double *x, double *H, double *act)
{
    const long m = net->width;
    const double *in = x;
    long fan = net->d;
    for (int l = 0; l < net->depth; l++) {
        double *h = H + (size_t)l * m;
        cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)m, (int)fan, 1.0 / sqrt((double)fan),
                    net->W[l], (int)fan, in, 1, 0.0, h, 1);
        for (long k = 0; k < m; k++) act[k] = h[k] > 0 ? h[k] : 0.0;
        in = act;
        fan = m;
    }
    return cblas_ddot((int)m, net->v, 1, act, 1) / sqrt((double)m);
}

double nn_forward(const nn_net *net, const double *x)
{
    const long m = net->width;
    double *buf = malloc((size_t)m * (net->depth + 1) * sizeof *buf);
    if (!buf) return NAN;
    double f = forward(net, x, buf + m, buf);
    free(buf);
    return f;
}

/* Backward pass: D[l] = df/dh^{l+1} for each hidden layer. */
static void backward(const nn_net *net, const double *H, double *D)
{
    const long m = net->width;
    const int L = net->depth;
    const double s = 1.0 / sqrt((double)m);
    double *dl = D + (size_t)(L - 1) * m;
    const double *hl = H + (size_t)(L - 1) * m;
    for (long k = 0; k < m; k++) dl[k] = hl[k] > 0 ? net->v[k] * s : 0.0;
    for (int l = L - 1; l >= 1; l--) {
        double *prev = D + (size_t)(l - 1) * m;
        const double *hp = H + (size_t)(l - 1) * m;
        cblas_dgemv(CblasRowMajor, CblasTrans, (int)m, (int)m, s, net->W[l], (int)m,
                    D + (size_t)l * m, 1, 0.0, prev, 1);
        for (long k = 0; k < m; k++) if (!(hp[k] > 0)) prev[k] = 0.0;
    }
}

int nn_entk(const nn_net *net, const double *x, const double *z, double *out, nc_err *e)
{
    const long m = net->width, d = net->d;
    const int L = net->depth;
    size_t per = (size_t)m * L;
    double *buf = malloc((4 * per + m) * sizeof *buf);
    if (!buf) return nc_fail(e, NC_ENOMEM, "nn: out of memory for the empirical NTK");
    double *Hx = buf, *Hz = Hx + per, *Dx = Hz + per, *Dz = Dx + per, *act = Dz + per;
    forward(net, x, Hx, act);
    forward(net, z, Hz, act);
    backward(net, Hx, Dx);
    backward(net, Hz, Dz);
    /* Output layer: <relu(h^L(x)), relu(h^L(z))> / m. */
    double sum = 0;
    const double *hx = Hx + (size_t)(L - 1) * m, *hz = Hz + (size_t)(L - 1) * m;
    for (long k = 0; k < m; k++) sum += (hx[k] > 0 ? hx[k] : 0) * (hz[k] > 0 ? hz[k] : 0);
    sum /= (double)m;
    /* Layer l: <D_l(x), D_l(z)> <in_l(x), in_l(z)> / fan_in_l. */
    for (int l = 0; l < L; l++) {
        double dd = cblas_ddot((int)m, Dx + (size_t)l * m, 1, Dz + (size_t)l * m, 1), ii = 0;
        if (l == 0) {
            ii = cblas_ddot((int)d, x, 1, z, 1) / (double)d;
        } else {
            const double *ax = Hx + (size_t)(l - 1) * m, *az = Hz + (size_t)(l - 1) * m;
            for (long k = 0; k < m; k++) ii += (ax[k] > 0 ? ax[k] : 0) * (az[k] > 0 ? az[k] : 0);
            ii /= (double)m;
        }
        sum += dd * ii;
    }
    free(buf);
    *out = sum;
    return NC_OK;
}
