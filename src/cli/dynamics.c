/* ntkcert dynamics: networks and their kernel machine trained side by side. */
#include "cli.h"
#include "ntkcert/dyn.h"
#include "ntkcert/nn.h"
#include "ntkcert/report.h"
#include "ntkcert/rng.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char cli_dynamics_usage[] =
    "usage: ntkcert dynamics --train SPEC [--test SPEC] [options] --out DIR\n\n"
    "Trains, from the same data, seed, loss, lambda, learning rate, steps and\n"
    "minibatches, the kernel machine with the analytic NTK (g_0 = 0) and a\n"
    "network of each width (mirrored: f_0 = 0, see 'ntkcert help nn'), all\n"
    "through the one (sub)gradient core, and records at logarithmically spaced\n"
    "steps the outputs of tracked points, the loss, accuracy, RMS |f - g| on the\n"
    "training and test points, and the relative change of the empirical NTK\n"
    "(the paper's Figure 1 and Theorems 3.4, 3.5).\n\n"
    "  --n N                 a seeded random N of the training points (default all)\n"
    "  --depth L             hidden layers of networks and NTK (default 2)\n"
    "  --widths LIST         network widths, comma-separated (default 1000,10000)\n"
    "  --loss NAME           hinge (default), hinge2, eps, squared, logistic\n"
    "  --lambda LAM          regulariser of Eq. (7) (default 0.01)\n"
    "  --lr ETA              learning rate (default 0.1)\n"
    "  --steps T             steps (default 1000)\n"
    "  --batch full|B        full batch (default) or minibatches of B\n"
    "  --seed S              weights, minibatches, samples (default 0)\n"
    "  --eval N              training points the metrics use (default 1024; 0: all)\n"
    "  --track K             training and test points whose outputs are kept (default 2)\n"
    "  --ntk-sample N        evaluation points of the empirical NTK's change (default 16)\n"
    "  --per-decade K        records per decade of steps (default 10)\n"
    "  --reg init|output     the networks' regulariser: toward w_0 over all weights\n"
    "                        (default; its wide limit is the kernel machine's Eq. (8)) or\n"
    "                        (lambda/2)|v|^2 on the output layer, the paper's Eq. (7), whose\n"
    "                        decay of v shrinks the tangent kernel at every width\n\n"
    "DIR gets dynamics.csv, outputs.csv, width.csv, summary.md, plots.gp and, with\n"
    "gnuplot, figure1.png/.svg and width.png/.svg (see the README).\n";

int cli_dynamics_run(const dyn_opts *o, const char *train_spec, const char *test_spec, long n, const char *dir)
{
    nc_err e = {0};
    nc_data all = {0}, tr = {0}, te = {0};
    dyn_result r = {0};
    long *idx = NULL;
    int rc = CLI_OK;
    char what[8192];
    if (dyn_check(o, &e)) return cli_error(&e);
    int created = mkdir(dir, 0777) == 0;
    if (!created && errno != EEXIST) {
        fprintf(stderr, "ntkcert: %s: cannot create the output directory: %s\n", dir, strerror(errno));
        return CLI_BADINPUT;
    }
    if (data_load(train_spec, &all, &e) || (test_spec && data_load(test_spec, &te, &e))) { rc = cli_error(&e); goto done; }
    if (n > all.n) {
        fprintf(stderr, "ntkcert: %s: --n %ld exceeds its %ld points\n", train_spec, n, all.n);
        rc = CLI_BADINPUT;
        goto done;
    }
    if (!(idx = malloc((size_t)all.n * sizeof *idx + 1))) { rc = CLI_FAIL; goto done; }
    for (long i = 0; i < all.n; i++) idx[i] = i;
    const long k = rng_pick(o->seed, idx, all.n, n > 0 ? n : all.n);
    if (data_subset(&all, idx, k, &tr, &e)) { rc = cli_error(&e); goto done; }
    double t0 = cli_now();
    if (dyn_run(&tr, test_spec ? &te : NULL, o, &r, &e)) { rc = cli_error(&e); goto done; }
    for (long q = 0; q < r.ntrack_train; q++) r.track_train[q] = idx[r.track_train[q]]; /* as loaded */
    for (long q = 0; q < r.neval; q++) r.eval_idx[q] = idx[r.eval_idx[q]];
    snprintf(what, sizeof what, "Training data `%s` (%ld of %ld points, seeded sample), test data `%s`.", train_spec, k,
             all.n, test_spec ? test_spec : "none");
    if (report_write_dynamics(&r, o, what, dir, &e)) { rc = cli_error(&e); goto done; }
    int plotted;
    if (report_plot_dynamics(&r, dir, &plotted, &e)) { rc = cli_error(&e); goto done; }
    const long last = r.nrec - 1;
    printf("dynamics: %ld training points, %ld test points, %ld steps, %.1f s\n", k, te.n, r.step[last],
           cli_now() - t0);
    printf("%-8s %8s %10s %9s %9s %12s %12s %10s %8s\n", "model", "width", "loss", "train acc", "test acc",
           "|f-g| train", "|f-g| test", "NTK chg", "time");
    for (int j = 0; j < r.nmodels; j++) {
        const long at = j * r.nrec + last;
        char w[32];
        snprintf(w, sizeof w, j ? "%ld" : "inf", r.width[j]);
        printf("%-8s %8s %10.5g %9.4f %9.4f %12.4g %12.4g %10.4g %7.1fs\n", j ? "network" : "kernel", w, r.loss[at],
               r.train_acc[at], r.test_acc[at], r.dist_train[at], r.dist_test[at], r.ntk_change[at], r.seconds[j]);
    }
    if (plotted)
        printf("plots: %s/figure1.png, %s/width.png (and .svg)\n", dir, dir);
    else
        printf("plots: gnuplot not found; the CSV files are written. Install it (apt-get install gnuplot-nox)\n"
               "       and run 'gnuplot plots.gp' in %s\n", dir);
done:
    if (rc != CLI_OK && created) rmdir(dir); /* only if still empty */
    dyn_free(&r);
    data_free(&all);
    data_free(&tr);
    data_free(&te);
    free(idx);
    return rc;
}

int cli_dynamics(int argc, char **argv)
{
    static const struct option opts[] = {
        {"train", required_argument, 0, 'x'},  {"test", required_argument, 0, 't'},
        {"n", required_argument, 0, 'n'},      {"depth", required_argument, 0, 'D'},
        {"widths", required_argument, 0, 'w'}, {"loss", required_argument, 0, 'l'},
        {"lambda", required_argument, 0, 'L'}, {"lr", required_argument, 0, 'r'},
        {"steps", required_argument, 0, 'T'},  {"batch", required_argument, 0, 'B'},
        {"seed", required_argument, 0, 'S'},   {"eval", required_argument, 0, 'E'},
        {"track", required_argument, 0, 'k'},  {"ntk-sample", required_argument, 0, 'K'},
        {"per-decade", required_argument, 0, 'p'}, {"out", required_argument, 0, 'o'},
        {"reg", required_argument, 0, 'g'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
    const char *cmd = "dynamics", *train = NULL, *test = NULL, *out = NULL;
    dyn_opts o = dyn_opts_default();
    long n = 0, v;
    int c;
    nc_err e = {0};
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'x': train = optarg; break;
        case 't': test = optarg; break;
        case 'n':
            if (cli_long(cmd, "--n", optarg, &n)) return CLI_BADINPUT;
            if (n < 1) return cli_usage_error(cmd, "--n %ld is not >= 1", n);
            break;
        case 'D':
            if (cli_long(cmd, "--depth", optarg, &v)) return CLI_BADINPUT;
            o.depth = v < 1 || v > 100 ? 0 : (int)v;
            break;
        case 'w': if (cli_widths(cmd, optarg, o.widths, DYN_MAX_WIDTHS, &o.nwidths)) return CLI_BADINPUT; break;
        case 'l':
            if (loss_parse(optarg, &o.loss.kind, &e)) return cli_error(&e);
            o.loss.epsilon = o.loss.kind == LOSS_EPS ? 0.1 : 0.0;
            break;
        case 'L': if (cli_double(cmd, "--lambda", optarg, &o.lambda)) return CLI_BADINPUT; break;
        case 'r': if (cli_double(cmd, "--lr", optarg, &o.lr)) return CLI_BADINPUT; break;
        case 'T': if (cli_long(cmd, "--steps", optarg, &o.steps)) return CLI_BADINPUT; break;
        case 'B':
            if (!strcmp(optarg, "full")) o.batch = 0;
            else if (cli_long(cmd, "--batch", optarg, &o.batch)) return CLI_BADINPUT;
            else if (o.batch < 1) return cli_usage_error(cmd, "--batch %ld is not >= 1 (or 'full')", o.batch);
            break;
        case 'S': if (cli_long(cmd, "--seed", optarg, &v)) return CLI_BADINPUT; o.seed = (uint64_t)v; break;
        case 'E': if (cli_long(cmd, "--eval", optarg, &o.eval)) return CLI_BADINPUT; break;
        case 'k': if (cli_long(cmd, "--track", optarg, &o.track)) return CLI_BADINPUT; break;
        case 'K': if (cli_long(cmd, "--ntk-sample", optarg, &o.ntk_sample)) return CLI_BADINPUT; break;
        case 'p':
            if (cli_long(cmd, "--per-decade", optarg, &v)) return CLI_BADINPUT;
            o.per_decade = v < 1 || v > 64 ? 0 : (int)v;
            break;
        case 'g':
            if (!strcmp(optarg, "output")) o.reg = NN_REG_OUTPUT;
            else if (!strcmp(optarg, "init")) o.reg = NN_REG_INIT;
            else return cli_usage_error(cmd, "--reg '%s' is not init or output", optarg);
            break;
        case 'o': out = optarg; break;
        case 'h': fputs(cli_dynamics_usage, stdout); return CLI_OK;
        default: return cli_usage_error(cmd, "bad option");
        }
    }
    if (optind < argc) return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
    if (!train || !out) return cli_usage_error(cmd, "--train and --out are required");
    return cli_dynamics_run(&o, train, test, n, out);
}
