/* Benchmark: the empirical NTK of trained networks against the analytic one.
 * For each network file (e.g. those of `ntkcert reproduce table2`): on 100
 * MNIST 0/1 training images, the relative Frobenius error of the empirical
 * NTK at initialisation (w_0, redrawn from the file's seed) against the
 * analytic NTK, which shrinks like 1/sqrt(width), and the relative change
 * |Theta(w_T) - Theta(w_0)|_F / |Theta(w_0)|_F after training (the lazy
 * regime: it shrinks with width too). Not a test: it never fails on a
 * figure. Usage: entk NET.model... */
#include "ntkcert/data.h"
#include "ntkcert/kernel.h"
#include "ntkcert/nn.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { N = 100 };

static double frob_diff(const double *A, const double *B, double *nb)
{
    double s = 0, t = 0;
    for (long k = 0; k < N * N; k++) {
        s += (A[k] - B[k]) * (A[k] - B[k]);
        t += B[k] * B[k];
    }
    *nb = sqrt(t);
    return sqrt(s);
}

int main(int argc, char **argv)
{
    nc_err e = {0};
    nc_data tr = {0};
    if (data_load("mnist-train:0,1,n=100", &tr, &e)) { fprintf(stderr, "entk: %s\n", e.msg); return 2; }
    static double Ka[N * N], K0[N * N], KT[N * N];
    ntk_params p = ntk_default();
    if (ntk_gram(&p, tr.X, N, NULL, N, tr.d, Ka, &e)) { fprintf(stderr, "entk: %s\n", e.msg); return 1; }
    printf("| width | depth | |Theta(w_0) - Theta|_F / |Theta|_F | |Theta(w_T) - Theta(w_0)|_F / |Theta(w_0)|_F | seconds |\n");
    printf("|---|---|---|---|---|\n");
    for (int i = 1; i < argc; i++) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        nn_model m;
        nn_net w0;
        if (nn_load(&m, argv[i], &e) || nn_init(&w0, m.net.d, m.spec.depth, m.spec.width, m.spec.seed, &e) ||
            nn_entk_gram(&w0, tr.X, N, K0, &e) || nn_entk_gram(&m.net, tr.X, N, KT, &e)) {
            fprintf(stderr, "entk: %s\n", e.msg);
            return 2;
        }
        double na, n0, ea = frob_diff(K0, Ka, &na), et = frob_diff(KT, K0, &n0);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        printf("| %ld | %d | %.4g | %.4g | %.1f |\n", m.spec.width, m.spec.depth, ea / na, et / n0,
               (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
        fflush(stdout);
        nn_free(&w0);
        nn_model_free(&m);
    }
    data_free(&tr);
    return 0;
}
