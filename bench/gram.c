/* Benchmark: NTK Gram matrix of the MNIST 0/1 training images, next to the
 * bare product X X^T (dsyrk, the call ntk_gram makes, and dgemm) timed in the
 * same run. Reports wall time and peak memory. Not a test: it never fails on
 * time. Usage: gram [SPEC] (default mnist-train:0,1). */
#include "ntkcert/data.h"
#include "ntkcert/kernel.h"

#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double best_of(int reps, double (*f)(void *), void *arg)
{
    double best = 1e300;
    for (int r = 0; r < reps; r++) {
        double t = f(arg);
        if (t < best) best = t;
    }
    return best;
}

static nc_data D;
static double *K;

static double run_syrk(void *a)
{
    (void)a;
    double t = now();
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)D.n, (int)D.d, 1.0, D.X, (int)D.d, 0.0, K, (int)D.n);
    return now() - t;
}

static double run_gemm(void *a)
{
    (void)a;
    double t = now();
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)D.n, (int)D.n, (int)D.d, 1.0, D.X, (int)D.d,
                D.X, (int)D.d, 0.0, K, (int)D.n);
    return now() - t;
}

static double run_ntk(void *a)
{
    ntk_params p = ntk_default();
    p.depth = *(int *)a;
    nc_err e;
    double t = now();
    if (ntk_gram(&p, D.X, D.n, NULL, D.n, D.d, K, &e)) { fprintf(stderr, "%s\n", e.msg); exit(1); }
    return now() - t;
}

int main(int argc, char **argv)
{
    const char *spec = argc > 1 ? argv[1] : "mnist-train:0,1";
    nc_err e;
    if (data_load(spec, &D, &e)) { fprintf(stderr, "gram: %s\n", e.msg); return 2; }
    if (!(K = ntk_gram_alloc(D.n, D.n, &e))) { fprintf(stderr, "gram: %s\n", e.msg); return 1; }
    int one = 1, two = 2;
    double ts = best_of(3, run_syrk, NULL), tg = best_of(3, run_gemm, NULL);
    double t1 = best_of(3, run_ntk, &one), t2 = best_of(1, run_ntk, &two);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("data: %s, n = %ld, d = %ld (best of 3 runs each)\n", spec, D.n, D.d);
    printf("%-34s %8.3f s\n", "bare X X^T, dsyrk (upper half)", ts);
    printf("%-34s %8.3f s\n", "bare X X^T, dgemm (full)", tg);
    printf("%-34s %8.3f s  (%.2fx dsyrk, %.2fx dgemm)\n", "ntk_gram, 1 hidden layer", t1, t1 / ts, t1 / tg);
    printf("%-34s %8.3f s  (%.2fx dsyrk)\n", "ntk_gram, 2 hidden layers", t2, t2 / ts);
    printf("peak memory: %.2f GB (the n x n matrix alone: %.2f GB)\n", ru.ru_maxrss / 1048576.0,
           (double)D.n * (double)D.n * 8 / 1073741824.0);
    free(K);
    data_free(&D);
    return 0;
}
