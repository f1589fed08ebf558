/* ntkcert genbound: a margin bound on a kernel machine's classification error. */
#include "cli.h"
#include "ntkcert/genbound.h"
#include "ntkcert/io.h"
#include "ntkcert/report.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

const char cli_genbound_usage[] =
    "usage: ntkcert genbound --model FILE.model --train SPEC --out BOUND.json\n"
    "                        [--test SPEC] [--margin RHO | --margin-grid] [--confidence DELTA]\n"
    "                        [--shuffle-labels SEED]\n\n"
    "Bounds P[y g(x) <= 0] with probability >= 1 - DELTA over the training sample\n"
    "(Mohri et al. 2018, Theorem 5.8, with Rad_S <= sqrt(tr K) / n):\n"
    "    empirical ramp loss at margin RHO + (2 / RHO) sqrt(tr K) / n + 3 sqrt(ln(2G / DELTA) / (2n)),\n"
    "applied to g / B, B^2 = alpha^T K alpha + b^2, so RHO is a margin of the normalised g.\n"
    "  --train SPEC          the data the model was trained on (checked by SHA-256)\n"
    "  --test SPEC           also report the test error\n"
    "  --margin RHO          one margin fixed in advance (G = 1)\n"
    "  --margin-grid         the best of 201 margins 2^-40 .. 2^10 (G = 201; default)\n"
    "  --confidence DELTA    default 0.05\n"
    "  --shuffle-labels SEED the model was trained with train --shuffle-labels SEED\n";

int cli_genbound(int argc, char **argv)
{
    static const struct option opts[] = {
        {"model", required_argument, 0, 'm'},    {"train", required_argument, 0, 'x'},
        {"test", required_argument, 0, 't'},     {"margin", required_argument, 0, 'r'},
        {"margin-grid", no_argument, 0, 'g'},    {"confidence", required_argument, 0, 'c'},
        {"shuffle-labels", required_argument, 0, 'P'}, {"out", required_argument, 0, 'o'},
        {"help", no_argument, 0, 'h'},           {0, 0, 0, 0}};
    const char *mpath = NULL, *spec = NULL, *test = NULL, *out = NULL;
    gen_opts o = gen_opts_default();
    long shuffle = -1;
    int grid = 0, c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'm': mpath = optarg; break;
        case 'x': spec = optarg; break;
        case 't': test = optarg; break;
        case 'o': out = optarg; break;
        case 'r':
            if (cli_double("genbound", "--margin", optarg, &o.margin)) return CLI_BADINPUT;
            if (!(o.margin > 0)) return cli_usage_error("genbound", "--margin must be > 0");
            break;
        case 'g': grid = 1; break;
        case 'c': if (cli_double("genbound", "--confidence", optarg, &o.confidence)) return CLI_BADINPUT; break;
        case 'P':
            if (cli_long("genbound", "--shuffle-labels", optarg, &shuffle)) return CLI_BADINPUT;
            if (shuffle < 0) return cli_usage_error("genbound", "--shuffle-labels takes a seed >= 0");
            break;
        case 'h': fputs(cli_genbound_usage, stdout); return CLI_OK;
        default: return cli_usage_error("genbound", "bad option");
        }
    }
    if (optind < argc) return cli_usage_error("genbound", "unexpected argument '%s'", argv[optind]);
    if (!mpath || !spec || !out) return cli_usage_error("genbound", "--model, --train and --out are required");
    if (grid && o.margin > 0) return cli_usage_error("genbound", "--margin and --margin-grid exclude each other");
    nc_err e = {0};
    if (gen_check(&o, &e) || io_check_writable(out, &e)) return cli_error(&e);

    km_model m = {0};
    nc_data tr = {0}, te = {0};
    gen_result r = {0};
    double *z = NULL;
    report_gen g = {.train_spec = spec, .shuffle_seed = shuffle, .confidence = o.confidence, .margin = o.margin,
                    .res = &r, .test_spec = test};
    int rc = CLI_OK;
    if ((rc = cli_load_model_data(mpath, spec, &m, &tr))) goto done;
    if (shuffle >= 0) data_shuffle_labels(&tr, (uint64_t)shuffle);
    if (test && data_load(test, &te, &e)) { rc = cli_error(&e); goto done; }
    if (test && te.d != m.d) {
        fprintf(stderr, "ntkcert: %s: dimension %ld, but %s was trained on dimension %ld\n", test, te.d, mpath, m.d);
        rc = CLI_BADINPUT;
        goto done;
    }
    double t0 = cli_now();
    if (gen_km(&m, &tr, &o, &r, &e)) {
        rc = e.code == NC_EINPUT ? (fprintf(stderr, "ntkcert: %s: %s\n", spec, e.msg), CLI_BADINPUT) : cli_error(&e);
        goto done;
    }
    if (test) {
        if (!(z = malloc((size_t)te.n * sizeof *z + 1))) { rc = CLI_FAIL; goto done; }
        if (km_predict(&m, te.X, te.n, te.d, z, &e)) { rc = cli_error(&e); goto done; }
        long wrong = 0;
        for (long i = 0; i < te.n; i++) wrong += !(te.y[i] * z[i] > 0);
        g.test_points = te.n;
        g.test_error = te.n ? (double)wrong / (double)te.n : 0;
    }
    double secs = cli_now() - t0;
    unsigned char sha[32];
    data_sha256(&tr, sha);
    data_hex(sha, g.train_sha256);
    if (report_describe_model(&g.desc, &m, mpath, &e) || report_write_genbound(&g, out, &e)) {
        rc = cli_error(&e);
        goto done;
    }
    printf("model:        %s loss, lambda %g, %ld vectors of %ld training points\n", loss_name(m.spec.loss.kind),
           m.spec.lambda, m.n, m.n_train);
    printf("training:     %s, %ld points, %s labels\n", spec, tr.n, shuffle >= 0 ? "shuffled" : "true");
    printf("tr K, B:      %.6g, %.6g\n", r.trace, r.norm);
    printf("train error:  %.4f\n", r.train_error);
    printf("margin:       %.4g of g / B (%.4g of g), best of %ld\n", r.best.margin, r.best.margin * r.norm, r.grid);
    printf("terms:        margin loss %.4f + complexity %.4f + confidence %.4f (delta %g)\n", r.best.margin_loss,
           r.best.complexity, r.confidence_term, o.confidence);
    printf("bound:        %.4f%s\n", r.best.bound, r.best.bound >= 1 ? " (vacuous)" : "");
    if (test) printf("test error:   %.4f (%ld points)\n", g.test_error, g.test_points);
    printf("time:         %.2f s\n", secs);
    printf("wrote:        %s\n", out);
done:
    free(z);
    gen_result_free(&r);
    km_free(&m);
    data_free(&tr);
    data_free(&te);
    return rc;
}
