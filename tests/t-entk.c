/* The empirical NTK <grad_w f(x), grad_w f(z)> of finite networks built by
 * nn.c converges to the analytic NTK: the RMS error (over seeds and input
 * pairs, relative to sqrt(K(x,x) K(z,z))) at width 16384 is smaller than at
 * width 1024 by a factor consistent with 1/sqrt(width), i.e. about 4. */
#include "ntkcert/kernel.h"
#include "ntkcert/nn.h"
#include "ntkcert/rng.h"
#include "tap.h"

#include <math.h>

enum { D = 8, NPTS = 4 };
static double P[NPTS][D];
static const int pairs[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}, {0, 0}, {3, 3}};
enum { NPAIRS = sizeof pairs / sizeof *pairs };

/* Sum of squared scaled errors over the pairs, for seeds [s0, s0 + ns). */
static double sq_error(int depth, long width, int s0, int ns, int *fail)
{
    ntk_params p = {NTK_NTK, depth, 0};
    double sum = 0;
    for (int s = s0; s < s0 + ns; s++) {
        nn_net net;
        nc_err e;
        if (nn_init(&net, D, depth, width, (uint64_t)s, &e)) { *fail = 1; return NAN; }
        for (int k = 0; k < NPAIRS; k++) {
            const double *x = P[pairs[k][0]], *z = P[pairs[k][1]];
            double emp, ana = ntk_eval_vec(&p, D, x, z);
            double scale = sqrt(ntk_eval_vec(&p, D, x, x) * ntk_eval_vec(&p, D, z, z));
            if (nn_entk(&net, x, z, &emp, &e)) *fail = 1;
            sum += (emp - ana) * (emp - ana) / (scale * scale);
        }
        nn_free(&net);
    }
    return sum;
}

static void check(int depth, int seeds_small, int seeds_large)
{
    int fail = 0;
    double small = sqrt(sq_error(depth, 1024, 1, seeds_small, &fail) / (seeds_small * NPAIRS));
    double large = sqrt(sq_error(depth, 16384, 1000, seeds_large, &fail) / (seeds_large * NPAIRS));
    double ratio = small / large;
    ok(!fail && ratio > 2.0 && ratio < 8.0,
       "L = %d: RMS error %.4f at width 1024, %.4f at 16384: ratio %.2f (1/sqrt(width) predicts 4)",
       depth, small, large, ratio);
    ok(!fail && small < 0.2, "L = %d: empirical NTK within 20%% of the analytic one at width 1024", depth);
}

int main(void)
{
    rng_t r;
    rng_seed(&r, 7);
    for (int i = 0; i < NPTS; i++)
        for (int k = 0; k < D; k++) P[i][k] = rng_normal(&r);
    nn_net net;
    nc_err e;
    double x[D] = {1, 2, 3, 4, 5, 6, 7, 8}, f1, f2;
    nn_init(&net, D, 2, 64, 5, &e);
    f1 = nn_forward(&net, x);
    for (int k = 0; k < D; k++) x[k] *= 3;
    f2 = nn_forward(&net, x);
    ok(fabs(f2 - 3 * f1) <= 1e-12 * fabs(f2), "a bias-free ReLU network is positively homogeneous");
    nn_free(&net);
    check(1, 32, 32);
    check(2, 32, 2);
    return tap_done();
}
