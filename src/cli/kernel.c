/* ntkcert kernel: writes a Gram matrix and prints its summary. */
#include "cli.h"
#include "ntkcert/data.h"
#include "ntkcert/io.h"
#include "ntkcert/kernel.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cli_kernel_usage[] =
    "usage: ntkcert kernel --x SPEC [--z SPEC] [--depth L] [--kind ntk|nngp]\n"
    "                      [--bias-var B] [--out K.npy]\n\n"
    "Computes K(X, X) (or K(X, Z)) for the ReLU NTK or NNGP with L hidden layers\n"
    "(default 1: the paper's two-layer NTK), prints its size, time, trace and\n"
    "smallest and largest entries, and writes it as float64 .npy if --out is given.\n"
    "See 'ntkcert help data' for SPEC.\n";

int cli_kernel(int argc, char **argv)
{
    static const struct option opts[] = {
        {"x", required_argument, 0, 'x'},     {"z", required_argument, 0, 'z'},
        {"depth", required_argument, 0, 'L'}, {"kind", required_argument, 0, 'k'},
        {"bias-var", required_argument, 0, 'b'}, {"out", required_argument, 0, 'o'},
        {"help", no_argument, 0, 'h'},        {0, 0, 0, 0}};
    const char *xs = NULL, *zs = NULL, *out = NULL;
    ntk_params p = ntk_default();
    nc_err e = {0};
    int c;
    long depth;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'x': xs = optarg; break;
        case 'z': zs = optarg; break;
        case 'o': out = optarg; break;
        case 'L':
            if (cli_long("kernel", "--depth", optarg, &depth)) return CLI_BADINPUT;
            p.depth = depth < 0 || depth > 100000 ? 0 : (int)depth;
            break;
        case 'b':
            if (cli_double("kernel", "--bias-var", optarg, &p.bias_var)) return CLI_BADINPUT;
            break;
        case 'k':
            if (ntk_kind_parse(optarg, &p.kind, &e)) return cli_error(&e);
            break;
        case 'h': fputs(cli_kernel_usage, stdout); return CLI_OK;
        default: return cli_usage_error("kernel", "bad option");
        }
    }
    if (optind < argc) return cli_usage_error("kernel", "unexpected argument '%s'", argv[optind]);
    if (!xs) return cli_usage_error("kernel", "--x SPEC is required");
    if (ntk_check(&p, &e) || (out && io_check_writable(out, &e))) return cli_error(&e);

    nc_data X = {0}, Z = {0};
    double *K = NULL;
    int rc = CLI_OK;
    if (data_load(xs, &X, &e) || (zs && data_load(zs, &Z, &e))) { rc = cli_error(&e); goto done; }
    if (zs && Z.d != X.d) {
        fprintf(stderr, "ntkcert: %s: dimension %ld differs from %s's %ld\n", zs, Z.d, xs, X.d);
        rc = CLI_BADINPUT;
        goto done;
    }
    long m = zs ? Z.n : X.n;
    if (!(K = ntk_gram_alloc(X.n, m, &e))) { rc = cli_error(&e); goto done; }
    double t0 = cli_now();
    if (ntk_gram(&p, X.X, X.n, zs ? Z.X : NULL, m, X.d, K, &e)) { rc = cli_error(&e); goto done; }
    double secs = cli_now() - t0, lo = INFINITY, hi = -INFINITY, tr = 0;
    for (size_t i = 0; i < (size_t)X.n * (size_t)m; i++) {
        lo = fmin(lo, K[i]);
        hi = fmax(hi, K[i]);
    }
    for (long i = 0; i < (X.n < m ? X.n : m); i++) tr += K[i * m + i];
    if (out && data_write_npy(out, K, X.n, m, &e)) { rc = cli_error(&e); goto done; }
    printf("kernel: %s, %d hidden layer%s, d = %ld\n", ntk_kind_name(p.kind), p.depth,
           p.depth > 1 ? "s" : "", X.d);
    printf("size:   %ld x %ld\n", X.n, m);
    printf("time:   %.3f s\n", secs);
    printf("trace:  %.17g\n", tr);
    printf("min:    %.17g\n", lo);
    printf("max:    %.17g\n", hi);
    if (out) printf("wrote:  %s\n", out);
done:
    free(K);
    data_free(&X);
    data_free(&Z);
    return rc;
}
