/* ntkcert predict: applies a model file to a data set. */
#include "cli.h"
#include "ntkcert/io.h"
#include "ntkcert/km.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

const char cli_predict_usage[] =
    "usage: ntkcert predict --model FILE.model --data SPEC [--out scores.npy]\n\n"
    "Prints accuracy (classification losses) or mean squared error, and the number\n"
    "of support vectors; writes the scores g(x) as float64 .npy with --out.\n";

int cli_predict(int argc, char **argv)
{
    static const struct option opts[] = {
        {"model", required_argument, 0, 'm'}, {"data", required_argument, 0, 'x'},
        {"out", required_argument, 0, 'o'},   {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *mpath = NULL, *spec = NULL, *out = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'm': mpath = optarg; break;
        case 'x': spec = optarg; break;
        case 'o': out = optarg; break;
        case 'h': fputs(cli_predict_usage, stdout); return CLI_OK;
        default: return cli_usage_error("predict", "bad option");
        }
    }
    if (optind < argc) return cli_usage_error("predict", "unexpected argument '%s'", argv[optind]);
    if (!mpath || !spec) return cli_usage_error("predict", "--model and --data are required");
    nc_err e = {0};
    if (out && io_check_writable(out, &e)) return cli_error(&e);
    km_model m = {0};
    nc_data ds = {0};
    double *z = NULL;
    int rc = CLI_OK;
    if ((rc = cli_load_model_data(mpath, spec, &m, &ds))) goto done;
    if (!(z = malloc((size_t)ds.n * sizeof *z + 1))) { rc = CLI_FAIL; goto done; }
    double t0 = cli_now();
    if (km_predict(&m, ds.X, ds.n, ds.d, z, &e)) { rc = cli_error(&e); goto done; }
    double secs = cli_now() - t0;
    if (out && data_write_npy(out, z, ds.n, 1, &e)) { rc = cli_error(&e); goto done; }
    long correct = 0;
    double se = 0;
    for (long i = 0; i < ds.n; i++) {
        correct += (z[i] > 0) == (ds.y[i] > 0);
        se += (z[i] - ds.y[i]) * (z[i] - ds.y[i]);
    }
    printf("points:     %ld\n", ds.n);
    if (loss_is_classification(m.spec.loss.kind) || m.spec.loss.kind == LOSS_SQUARED)
        printf("accuracy:   %.4f%% (%ld of %ld, sign of g)\n", 100.0 * (double)correct / (double)ds.n, correct, ds.n);
    if (!loss_is_classification(m.spec.loss.kind)) printf("mse:        %.6g\n", se / (double)ds.n);
    printf("vectors:    %ld support vectors of %ld training points\n", m.n, m.n_train);
    printf("time:       %.3f s\n", secs);
    if (out) printf("wrote:      %s\n", out);
done:
    free(z);
    km_free(&m);
    data_free(&ds);
    return rc;
}
