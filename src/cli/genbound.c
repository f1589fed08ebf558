/* ntkcert genbound: a margin bound on the classification error of a kernel
 * machine, or of a network through Theorem 4.1's path kernel. */
#include "cli.h"
#include "ntkcert/genbound.h"
#include "ntkcert/io.h"
#include "ntkcert/report.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

const char cli_genbound_usage[] =
    "usage: ntkcert genbound --model FILE.model|NET.model --train SPEC --out BOUND.json\n"
    "                        [--test SPEC] [--margin RHO | --margin-grid] [--confidence DELTA]\n"
    "                        [--shuffle-labels SEED]\n\n"
    "Bounds P[y g(x) <= 0] with probability >= 1 - DELTA over the training sample\n"
    "(Mohri et al. 2018, Theorem 5.8, with Rad_S <= sqrt(tr K) / n):\n"
    "    empirical ramp loss at margin RHO + (2 / RHO) sqrt(tr K) / n + 3 sqrt(ln(2G / DELTA) / (2n)),\n"
    "applied to g / B, B^2 = alpha^T K alpha + b^2, so RHO is a margin of the normalised g.\n"
    "A network trained with nn train --record-path-kernel is bounded through its kernel\n"
    "machine h = b + K a of Theorem 4.1 (see 'ntkcert help nn'), in the feature space\n"
    "of the sum of its tangent kernels over the run; that kernel depends on the sample,\n"
    "so for networks the bound is the paper's heuristic, not a guarantee.\n"
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
        case 'P': if (cli_seed("genbound", "--shuffle-labels", optarg, &shuffle)) return CLI_BADINPUT; break;
        case 'h': fputs(cli_genbound_usage, stdout); return CLI_OK;
        default: return cli_usage_error("genbound", "bad option");
        }
    }
    if (optind < argc) return cli_usage_error("genbound", "unexpected argument '%s'", argv[optind]);
    if (!mpath || !spec || !out) return cli_usage_error("genbound", "--model, --train and --out are required");
    if (grid && o.margin > 0) return cli_usage_error("genbound", "--margin and --margin-grid exclude each other");
    nc_err e = {0};
    if (gen_check(&o, &e) || io_check_writable(out, &e)) return cli_error(&e);

    const int net = nn_is_file(mpath);
    km_model m = {0};
    nn_model nm = {0};
    nc_data tr = {0}, te = {0};
    gen_result r = {0};
    gen_net_info info = {0};
    double *z = NULL;
    report_gen g = {.train_spec = spec, .shuffle_seed = shuffle, .confidence = o.confidence, .margin = o.margin,
                    .res = &r, .net = net ? &info : NULL, .path = &nm.path, .test_spec = test};
    int rc = CLI_OK;
    if ((rc = net ? cli_load_net_data(mpath, spec, &nm, &tr) : cli_load_model_data(mpath, spec, &m, &tr))) goto done;
    const long d = net ? nm.net.d : m.d;
    if (shuffle >= 0) data_shuffle_labels(&tr, (uint64_t)shuffle);
    if (test && data_load(test, &te, &e)) { rc = cli_error(&e); goto done; }
    if (test && te.d != d) {
        fprintf(stderr, "ntkcert: %s: dimension %ld, but %s was trained on dimension %ld\n", test, te.d, mpath, d);
        rc = CLI_BADINPUT;
        goto done;
    }
    double t0 = cli_now();
    if (net ? gen_net(&nm, &tr, &o, &r, &info, &e) : gen_km(&m, &tr, &o, &r, &e)) {
        rc = e.code == NC_EINPUT ? (fprintf(stderr, "ntkcert: %s: %s\n", net && nm.path.n != tr.n ? mpath : spec, e.msg),
                                    CLI_BADINPUT)
                                 : cli_error(&e);
        goto done;
    }
    if (test) {
        if (!(z = malloc((size_t)te.n * sizeof *z + 1))) { rc = CLI_FAIL; goto done; }
        if (net ? nn_predict(&nm, te.X, te.n, te.d, z, &e) : km_predict(&m, te.X, te.n, te.d, z, &e)) {
            rc = cli_error(&e);
            goto done;
        }
        g.test_points = te.n;
        g.test_error = gen_error(z, te.y, te.n);
    }
    double secs = cli_now() - t0;
    unsigned char sha[32];
    data_sha256(&tr, sha);
    data_hex(sha, g.train_sha256);
    if ((net ? report_describe_net(&g.desc, &nm, mpath, &e) : report_describe_model(&g.desc, &m, mpath, &e)) ||
        report_write_genbound(&g, out, &e)) {
        rc = cli_error(&e);
        goto done;
    }
    if (net)
        printf("network:      width %ld, %d hidden layer%s, %s loss, lambda %g, %ld steps\n", nm.spec.width,
               nm.spec.depth, nm.spec.depth > 1 ? "s" : "", loss_name(nm.spec.loss.kind), nm.spec.lambda, nm.steps);
    else
        printf("model:        %s loss, lambda %g, %ld vectors of %ld training points\n", loss_name(m.spec.loss.kind),
               m.spec.lambda, m.n, m.n_train);
    printf("training:     %s, %ld points, %s labels\n", spec, tr.n, shuffle >= 0 ? "shuffled" : "true");
    if (net)
        printf("theorem 4.1:  h = b + K a; |f_T - h| max %.3g, rms %.3g; sign f_T != sign h at %ld points; "
               "%ld sign flips of l' at %ld points\n",
               info.resid_max, info.resid_rms, info.disagree, nm.path.flips, nm.path.flip_points);
    if (net) printf("offset:       b as the feature c b of weight 1/c, c = %.4g (best of %d)\n", info.offset_scale, GEN_SCALES);
    printf("tr K, B:      %.6g, %.6g\n", r.trace, r.norm);
    printf("train error:  %.4f%s\n", r.train_error, net ? " (of h)" : "");
    printf("margin:       %.4g of g / B (%.4g of g), best of %ld\n", r.best.margin, r.best.margin * r.norm, r.grid);
    printf("terms:        margin loss %.4f + complexity %.4f + confidence %.4f (delta %g)\n", r.best.margin_loss,
           r.best.complexity, r.confidence_term, o.confidence);
    printf("bound:        %.4f%s%s\n", r.best.bound, r.best.bound >= 1 ? " (vacuous)" : "",
           net ? " (the path kernel depends on the sample: the paper's heuristic)" : "");
    if (test) printf("test error:   %.4f (%ld points%s)\n", g.test_error, g.test_points, net ? ", of f_T" : "");
    printf("time:         %.2f s\n", secs);
    printf("wrote:        %s\n", out);
done:
    free(z);
    gen_result_free(&r);
    km_free(&m);
    nn_model_free(&nm);
    data_free(&tr);
    data_free(&te);
    return rc;
}
