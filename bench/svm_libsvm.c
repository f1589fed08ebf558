/* Benchmark: the exact SVM solver against LIBSVM's `svm-train -t 4` on the
 * same precomputed NTK Gram matrix (MNIST 0/1 by default), and KRR's
 * Cholesky solve against LAPACK's dpotrf alone, all in one run.
 *
 * LIBSVM always fits an unregularised intercept, so ntkcert runs with the
 * same (--intercept); the homogeneous model of the paper is reported too.
 * The primal objective of LIBSVM's model is evaluated on ntkcert's K.
 * LIBSVM's time is its total minus the time it takes to parse the file
 * (measured by a run that stops at once, -e 1e30). Needs libsvm-tools.
 * Usage: svm_libsvm [SPEC [LAMBDA [KRR_LAMBDA]]] */
#include "ntkcert/data.h"
#include "ntkcert/km.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double run(const char *cmd)
{
    double t = now();
    if (system(cmd) != 0) { fprintf(stderr, "svm_libsvm: '%s' failed\n", cmd); exit(1); }
    return now() - t;
}

/* Eq. (7) with intercept b: (lambda/2) a^T K a + sum_i hinge(y_i (K a + b)_i). */
static double primal(const double *K, long n, const double *a, double b, const double *y, double lambda)
{
    double *z = malloc((size_t)n * sizeof *z), quad = 0, loss = 0;
    cblas_dsymv(CblasRowMajor, CblasUpper, (int)n, 1.0, K, (int)n, a, 1, 0.0, z, 1);
    for (long i = 0; i < n; i++) {
        quad += a[i] * z[i];
        loss += fmax(0.0, 1.0 - y[i] * (z[i] + b));
    }
    free(z);
    return 0.5 * lambda * quad + loss;
}

int main(int argc, char **argv)
{
    const char *spec = argc > 1 ? argv[1] : "mnist-train:0,1";
    const double lambda = argc > 2 ? atof(argv[2]) : 0.064, krr_lambda = argc > 3 ? atof(argv[3]) : 1.0;
    nc_data tr;
    nc_err e;
    if (data_load(spec, &tr, &e)) { fprintf(stderr, "svm_libsvm: %s\n", e.msg); return 2; }
    const long n = tr.n;
    km_spec s = km_spec_default();
    s.lambda = lambda;
    double *K = km_gram(&s, &tr, &e);
    if (!K) { fprintf(stderr, "svm_libsvm: %s\n", e.msg); return 1; }
    printf("data: %s, n = %ld, d = %ld; SVM lambda = %g (C = %g)\n", spec, n, tr.d, lambda, 1 / lambda);

    /* LIBSVM on the same K */
    char dir[] = "/tmp/ntkcert-libsvm-XXXXXX", path[256], cmd[1024];
    if (!mkdtemp(dir)) return 1;
    snprintf(path, sizeof path, "%s/K.txt", dir);
    FILE *f = fopen(path, "w");
    for (long i = 0; i < n; i++) {
        fprintf(f, "%d 0:%ld", tr.y[i] > 0 ? 1 : -1, i + 1);
        for (long j = 0; j < n; j++) fprintf(f, " %ld:%.17g", j + 1, K[i * n + j]);
        fputc('\n', f);
    }
    fclose(f);
    snprintf(cmd, sizeof cmd, "svm-train -q -s 0 -t 4 -c %.17g -e 1e30 %s %s/parse.model", 1 / lambda, path, dir);
    double tparse = run(cmd);
    snprintf(cmd, sizeof cmd, "svm-train -q -s 0 -t 4 -c %.17g -e 1e-6 %s %s/m.model", 1 / lambda, path, dir);
    double tlib = run(cmd) - tparse;
    snprintf(path, sizeof path, "%s/m.model", dir);
    f = fopen(path, "r");
    char line[1 << 16];
    double rho = 0, *a = calloc((size_t)n, sizeof *a);
    long nsv = 0, flip = 1;
    int sv = 0;
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "rho ", 4)) rho = atof(line + 4);
        else if (!strncmp(line, "label ", 6)) flip = atoi(line + 6) == 1 ? 1 : -1; /* first label is +1 */
        else if (!strncmp(line, "SV", 2)) sv = 1;
        else if (sv) {
            double c;
            long idx;
            if (sscanf(line, "%lf 0:%ld", &c, &idx) == 2) { a[idx - 1] = c; nsv++; }
        }
    }
    fclose(f);
    /* LIBSVM's decision is sum coef K - rho for its first label */
    for (long i = 0; i < n; i++) a[i] *= (double)flip;
    double plib = primal(K, n, a, -rho * (double)flip, tr.y, lambda);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd)) fprintf(stderr, "svm_libsvm: could not remove %s\n", dir);

    /* ntkcert with the same intercept, and homogeneous */
    km_model m;
    s.intercept = 1;
    double t0 = now();
    if (km_train(&m, &s, &tr, K, &e)) { fprintf(stderr, "svm_libsvm: %s\n", e.msg); return 1; }
    double tours = now() - t0, pours = m.objective;
    long sv_ours = m.n;
    km_free(&m);
    s.intercept = 0;
    t0 = now();
    if (km_train(&m, &s, &tr, K, &e)) { fprintf(stderr, "svm_libsvm: %s\n", e.msg); return 1; }
    double thom = now() - t0;
    printf("%-40s %10s %18s %6s\n", "solver (tolerance 1e-6)", "time", "primal Eq. (7)", "SVs");
    printf("%-40s %9.3fs %18.12g %6ld\n", "LIBSVM svm-train -t 4 (intercept)", tlib, plib, nsv);
    printf("%-40s %9.3fs %18.12g %6ld\n", "ntkcert exact SMO (intercept)", tours, pours, sv_ours);
    printf("%-40s %9.3fs %18.12g %6ld\n", "ntkcert exact, homogeneous (the paper's)", thom, m.objective, m.n);
    printf("relative difference of the primal objectives: %.2e; LIBSVM parse time excluded: %.2f s\n",
           fabs(pours - plib) / plib, tparse);
    km_free(&m);

    /* KRR: the whole solve against dpotrf alone on a copy of K + (lambda/2) I */
    s.loss.kind = LOSS_SQUARED;
    s.lambda = krr_lambda;
    double *A = malloc((size_t)n * (size_t)n * sizeof *A);
    memcpy(A, K, (size_t)n * (size_t)n * sizeof *A);
    for (long i = 0; i < n; i++) A[i * n + i] += 0.5 * krr_lambda;
    t0 = now();
    lapack_int info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (lapack_int)n, A, (lapack_int)n);
    double tpotrf = now() - t0;
    free(A);
    t0 = now();
    if (info || km_train(&m, &s, &tr, K, &e)) { fprintf(stderr, "svm_libsvm: KRR failed\n"); return 1; }
    double tkrr = now() - t0;
    printf("KRR lambda %g: ntkcert solve %.3f s, dpotrf alone %.3f s (%.2fx)\n", krr_lambda, tkrr, tpotrf, tkrr / tpotrf);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak memory of this benchmark: %.2f GB (it holds two n x n matrices for the dpotrf baseline)\n",
           ru.ru_maxrss / 1048576.0);
    km_free(&m);
    free(a);
    free(K);
    data_free(&tr);
    return 0;
}
