/* ntkcert: dispatches subcommands by name. */
#include "cli.h"
#include "ntkcert/data.h"
#include "ntkcert/io.h"

#include <cblas.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char data_help[] =
    "Data specs (--x, --z, --train, --data):\n"
    "  mnist-train:A,B | mnist-test:A,B   MNIST digits A (label -1) and B (+1)\n"
    "  idx:IMAGES,LABELS                  IDX files, raw or gzip\n"
    "  csv:FILE                           label first; options label=last, header\n"
    "  libsvm:FILE                        sparse text; option d=D\n"
    "  npy:X.npy[,Y.npy]                  float64 matrix and labels\n"
    "Options, comma-separated after the files: classes=A/B, n=N, scale=S.\n"
    "MNIST comes from $NTKCERT_MNIST_DIR or data/mnist (scripts/fetch-mnist).\n";

static const cli_command commands[] = {
    {"kernel", "NTK/NNGP Gram matrix of a data set", cli_kernel_usage, cli_kernel},
    {"train", "train a kernel machine (SVM, 2-norm SVM, SVR, KRR, logistic)", cli_train_usage, cli_train},
    {"predict", "apply a model file to a data set", cli_predict_usage, cli_predict},
    {"certify", "certified robustness radii of a model's predictions", cli_certify_usage, cli_certify},
    {"nn", "train or apply a finite ReLU network (nn train, nn predict)", cli_nn_usage, cli_nn},
    {"ibp", "certified radii of a network by interval bound propagation", cli_ibp_usage, cli_ibp},
    {"compare", "certificate reports side by side", cli_compare_usage, cli_compare},
    {"audit", "recheck a report in MPFI and search for counterexamples", cli_audit_usage, cli_audit},
    {"genbound", "a margin bound on the error of a kernel machine, or of a network via Theorem 4.1", cli_genbound_usage, cli_genbound},
    {"dynamics", "networks and their kernel machine trained side by side (Figure 1)", cli_dynamics_usage, cli_dynamics},
    {"reproduce", "the paper's experiments in one command (table2, table3, figure1)", cli_reproduce_usage, cli_reproduce},
};
static const size_t ncommands = sizeof commands / sizeof *commands;

int cli_error(const nc_err *e)
{
    fprintf(stderr, "ntkcert: %s\n", e->msg);
    return e->code == NC_EINPUT ? CLI_BADINPUT : CLI_FAIL;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "ntkcert %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (see 'ntkcert help %s')\n", cmd);
    va_end(ap);
    return CLI_BADINPUT;
}

int cli_double(const char *cmd, const char *opt, const char *s, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(*out))
        return cli_usage_error(cmd, "%s '%s' is not a finite number", opt, s);
    return 0;
}

int cli_long(const char *cmd, const char *opt, const char *s, long *out)
{
    char *end;
    errno = 0;
    *out = strtol(s, &end, 10);
    if (end == s || *end || errno) return cli_usage_error(cmd, "%s '%s' is not an integer", opt, s);
    return 0;
}

int cli_seed(const char *cmd, const char *opt, const char *s, long *out)
{
    if (cli_long(cmd, opt, s, out)) return CLI_BADINPUT;
    return *out < 0 ? cli_usage_error(cmd, "%s takes a seed >= 0", opt) : 0;
}

int cli_widths(const char *cmd, const char *s, long *w, int max, int *n)
{
    const char *all = s;
    *n = 0;
    char *end;
    while (*s) {
        errno = 0;
        long v = strtol(s, &end, 10);
        if (end == s || errno || v < 1 || (*end && *end != ','))
            return cli_usage_error(cmd, "--widths '%s' is not a list of positive integers", all);
        if (*n == max) return cli_usage_error(cmd, "--widths: at most %d", max);
        w[(*n)++] = v;
        s = *end ? end + 1 : end;
    }
    if (!*n) return cli_usage_error(cmd, "--widths: none given");
    return 0;
}

int cli_load_model_data(const char *mpath, const char *spec, km_model *m, nc_data *ds)
{
    nc_err e = {0};
    if (km_load(m, mpath, &e) || data_load(spec, ds, &e)) return cli_error(&e);
    if (ds->d != m->d) {
        fprintf(stderr, "ntkcert: %s: dimension %ld, but %s was trained on dimension %ld\n", spec, ds->d, mpath, m->d);
        return CLI_BADINPUT;
    }
    return CLI_OK;
}

int cli_load_net_data(const char *npath, const char *spec, nn_model *m, nc_data *ds)
{
    nc_err e = {0};
    if (nn_load(m, npath, &e) || data_load(spec, ds, &e)) return cli_error(&e);
    if (ds->d != m->net.d) {
        fprintf(stderr, "ntkcert: %s: dimension %ld, but %s takes dimension %ld\n", spec, ds->d, npath, m->net.d);
        return CLI_BADINPUT;
    }
    return CLI_OK;
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: ntkcert [--help | --version] COMMAND [OPTIONS]\n\n"
               "Certified robustness of NTK kernel machines and wide ReLU networks.\n\nCommands:\n");
    for (size_t i = 0; i < ncommands; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "  %-10s %s\n\n'ntkcert help COMMAND' describes a command; 'ntkcert help data' the data specs.\n",
            "help", "help on a command");
}

static const cli_command *find(const char *name)
{
    for (size_t i = 0; i < ncommands; i++)
        if (!strcmp(commands[i].name, name)) return &commands[i];
    return NULL;
}

/* OpenBLAS 0.3.21 does not recognise some virtual CPUs and falls back to its
 * SSE3 (Prescott) kernels, 2-4x slower. It reads OPENBLAS_CORETYPE only when it
 * loads, so when it fell back on a CPU with AVX2, re-run once with it set. */
static void blas_coretype(char **argv)
{
    if (getenv("OPENBLAS_CORETYPE") || strcmp(openblas_get_corename(), "Prescott") != 0) return;
    __builtin_cpu_init();
    const char *core = __builtin_cpu_supports("avx512f") ? "SkylakeX"
                     : __builtin_cpu_supports("avx2") ? "Haswell" : NULL;
    if (!core || setenv("OPENBLAS_CORETYPE", core, 1) != 0) return;
    execv("/proc/self/exe", argv); /* on failure, go on with the slow kernels */
}

/* Ctrl-C or a kill: remove the temporaries of unfinished outputs, then die of
 * the same signal. */
static void on_signal(int sig)
{
    io_remove_temporaries();
    signal(sig, SIG_DFL);
    raise(sig);
}

int main(int argc, char **argv)
{
    blas_coretype(argv);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
    if (argc < 2) {
        usage(stderr);
        return CLI_BADINPUT;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        usage(stdout);
        return CLI_OK;
    }
    if (!strcmp(cmd, "--version")) {
        printf("ntkcert %s\n", nc_version());
        return CLI_OK;
    }
    if (!strcmp(cmd, "help")) {
        if (argc < 3) { usage(stdout); return CLI_OK; }
        if (!strcmp(argv[2], "data")) { fputs(data_help, stdout); return CLI_OK; }
        const cli_command *c = find(argv[2]);
        if (!c) {
            fprintf(stderr, "ntkcert: no command '%s' (see 'ntkcert --help')\n", argv[2]);
            return CLI_BADINPUT;
        }
        fputs(c->usage, stdout);
        return CLI_OK;
    }
    const cli_command *c = find(cmd);
    if (!c) {
        fprintf(stderr, "ntkcert: no command '%s' (see 'ntkcert --help')\n", cmd);
        return CLI_BADINPUT;
    }
    return c->run(argc - 1, argv + 1);
}
