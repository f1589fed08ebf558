/* Benchmark: certify the whole MNIST 0/1 test set (2115 points) for KRR at
 * lambda = 0 (all 12665 training terms), l_inf, with the tight bound, the
 * tight bound within the domain [0, 1]^d and, in the same run, the paper's
 * bound; OpenMP across points. Reports the total
 * and the time per point. Not a test: it never fails on time.
 * Usage: certify [LAMBDA [NPOINTS]] */
#include "ntkcert/cert.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    double lambda = argc > 1 ? atof(argv[1]) : 0.0;
    nc_data tr, te;
    nc_err e;
    if (data_load("mnist-train:0,1", &tr, &e) || data_load("mnist-test:0,1", &te, &e)) {
        fprintf(stderr, "certify: %s\n", e.msg);
        return 2;
    }
    long np = argc > 2 ? atol(argv[2]) : te.n;
    if (np > te.n) np = te.n;
    km_spec s = km_spec_default();
    s.loss.kind = LOSS_SQUARED;
    s.lambda = lambda;
    km_model m;
    double *K = km_gram(&s, &tr, &e);
    if (!K || km_train(&m, &s, &tr, K, &e)) { fprintf(stderr, "certify: %s\n", e.msg); return 1; }
    free(K);
    printf("KRR lambda %g: %ld terms, d = %ld; certifying %ld test points, l_inf, 2 threads\n", lambda, m.n, m.d, np);
    static const char *name[] = {"tight", "domain", "paper"};
    for (int mode = 0; mode < 3; mode++) {
        cert_opts o = cert_opts_default();
        o.mode = mode == 2 ? CERT_PAPER : CERT_TIGHT;
        o.has_domain = mode == 1;
        o.dom_lo = 0.0;
        o.dom_hi = 1.0;
        cert_ctx *c;
        if (cert_prepare(&c, &m, &o, &e)) { fprintf(stderr, "certify: %s\n", e.msg); return 1; }
        double sum = 0, t0 = now();
        long cnt = 0, steps = 0;
        cert_result *res = malloc((size_t)np * sizeof *res);
        if (!res || cert_points(c, te.X, te.y, NULL, np, res, &e)) { fprintf(stderr, "certify: %s\n", e.msg); return 1; }
        for (long i = 0; i < np; i++) {
            if (res[i].score * te.y[i] > 0) { sum += res[i].delta; cnt++; }
            steps += res[i].steps;
        }
        free(res);
        double t = now() - t0;
        printf("%-6s bound: %7.2f s total, %6.1f ms per point, %.1f bound evaluations per point, mean radius %.5g\n",
               name[mode], t, 1e3 * t / (double)np, (double)steps / (double)np, sum / (double)cnt);
        cert_free(c);
    }
    km_free(&m);
    data_free(&tr);
    data_free(&te);
    return 0;
}
