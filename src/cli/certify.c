/* ntkcert certify (kernel machines) and ntkcert ibp (networks): certified
 * radii for a model on a data set, as a report. */
#include "cli.h"
#include "ntkcert/cert.h"
#include "ntkcert/ibp.h"
#include "ntkcert/io.h"
#include "ntkcert/report.h"
#include "ntkcert/rng.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cli_certify_usage[] =
    "usage: ntkcert certify --model FILE.model --data SPEC --out REPORT.json [options]\n\n"
    "For each test point x0 with y g(x0) > 0, the largest delta for which it is proven\n"
    "that y g(x) > 0 on the ball B(x0, delta): every step outward rounded. Through the\n"
    "NTK equivalence, a certificate for the infinitely wide ReLU network.\n\n"
    "  --norm inf|2          the ball (default inf)\n"
    "  --bound MODE          tight: each kernel term enclosed on its own (the paper's\n"
    "                        Theorem 4.2 with exact ranges); paper: its sqrt(d) ranges;\n"
    "                        first-order: the mean-value form around x0, where the\n"
    "                        alphas cancel (two-layer NTK without bias); best (default):\n"
    "                        the largest radius of the three\n"
    "  --domain LO,HI        intersect the ball with the box [LO, HI]^d (pixels: 0,1)\n"
    "  --subset N --seed S   N random points (default: every point)\n"
    "  --all                 report misclassified points too, with radius 0\n"
    "  --precision P         run the bound in MPFI at P bits instead of doubles\n"
    "  --delta-max D         search (0, D] (default 1); --tol T relative (default 1e-3)\n"
    "  --csv FILE --markdown FILE   the per-point table and a summary\n";

const char cli_ibp_usage[] =
    "usage: ntkcert ibp --model NET.model --data SPEC --out REPORT.json [options]\n\n"
    "For each test point x0 with y f(x0) > 0, the largest delta for which interval\n"
    "bound propagation proves y f(x) > 0 on the ball B(x0, delta), every step outward\n"
    "rounded; for a centred network, f(w_T, x) - f(w_0, x) jointly. The report has\n"
    "the format of 'ntkcert certify', with bound \"ibp\".\n\n"
    "  --norm inf|2          the ball (default inf)\n"
    "  --domain LO,HI        intersect the ball with the box [LO, HI]^d (pixels: 0,1)\n"
    "  --subset N --seed S   N random points (default: every point)\n"
    "  --all                 report misclassified points too, with radius 0\n"
    "  --precision P         propagate in MPFI at P bits instead of doubles\n"
    "  --delta-max D         search (0, D] (default 1); --tol T relative (default 1e-3)\n"
    "  --csv FILE --markdown FILE   the per-point table and a summary\n";

/* certify (ibp = 0) or ibp (ibp = 1). */
static int run(int argc, char **argv, int ibp)
{
    const char *cmd = ibp ? "ibp" : "certify";
    static const struct option opts[] = {
        {"model", required_argument, 0, 'm'},  {"data", required_argument, 0, 'x'},
        {"out", required_argument, 0, 'o'},    {"norm", required_argument, 0, 'n'},
        {"bound", required_argument, 0, 'b'},  {"domain", required_argument, 0, 'D'},
        {"subset", required_argument, 0, 's'}, {"seed", required_argument, 0, 'S'},
        {"all", no_argument, 0, 'a'},          {"precision", required_argument, 0, 'P'},
        {"delta-max", required_argument, 0, 'M'}, {"tol", required_argument, 0, 't'},
        {"csv", required_argument, 0, 'c'},    {"markdown", required_argument, 0, 'k'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
    const char *mpath = NULL, *spec = NULL, *out = NULL, *csv = NULL, *md = NULL;
    cert_opts o = cert_opts_default();
    o.mode = CERT_BEST;
    long subset = 0, seed = 0, prec = 0;
    int all = 0, c;
    nc_err e = {0};
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'm': mpath = optarg; break;
        case 'x': spec = optarg; break;
        case 'o': out = optarg; break;
        case 'c': csv = optarg; break;
        case 'k': md = optarg; break;
        case 'n':
            if (!strcmp(optarg, "inf")) o.norm = BOUND_LINF;
            else if (!strcmp(optarg, "2")) o.norm = BOUND_L2;
            else return cli_usage_error(cmd, "--norm inf or 2");
            break;
        case 'b':
            if (ibp) return cli_usage_error(cmd, "--bound is for kernel machines; ibp has one bound");
            if (cert_mode_parse(optarg, &o.mode)) return cli_usage_error(cmd, "--bound tight, paper, first-order or best");
            break;
        case 'D': {
            char *comma = strchr(optarg, ',');
            if (!comma) return cli_usage_error(cmd, "--domain LO,HI");
            *comma = 0;
            if (cli_double(cmd, "--domain", optarg, &o.dom_lo) ||
                cli_double(cmd, "--domain", comma + 1, &o.dom_hi))
                return CLI_BADINPUT;
            o.has_domain = 1;
            break;
        }
        case 's': if (cli_long(cmd, "--subset", optarg, &subset)) return CLI_BADINPUT;
            if (subset < 1) return cli_usage_error(cmd, "--subset %ld: the subset is empty", subset);
            break;
        case 'S': if (cli_long(cmd, "--seed", optarg, &seed)) return CLI_BADINPUT; break;
        case 'a': all = 1; break;
        case 'P': if (cli_long(cmd, "--precision", optarg, &prec)) return CLI_BADINPUT;
            o.precision = prec > 100000 || prec < 0 ? -1 : (int)prec;
            break;
        case 'M': if (cli_double(cmd, "--delta-max", optarg, &o.delta_max)) return CLI_BADINPUT; break;
        case 't': if (cli_double(cmd, "--tol", optarg, &o.rel_tol)) return CLI_BADINPUT; break;
        case 'h': fputs(ibp ? cli_ibp_usage : cli_certify_usage, stdout); return CLI_OK;
        default: return cli_usage_error(cmd, "bad option");
        }
    }
    if (optind < argc) return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
    if (!mpath || !spec || !out) return cli_usage_error(cmd, "--model, --data and --out are required");
    if (cert_check(&o, &e) || io_check_writable(out, &e) || (csv && io_check_writable(csv, &e)) ||
        (md && io_check_writable(md, &e)))
        return cli_error(&e);

    km_model m = {0};
    nn_model net = {0};
    nc_data ds = {0};
    cert_ctx *ctx = NULL;
    ibp_ctx *ictx = NULL;
    report_cert rep;
    memset(&rep, 0, sizeof rep);
    long *idx = NULL;
    int rc = CLI_OK;
    if ((rc = ibp ? cli_load_net_data(mpath, spec, &net, &ds) : cli_load_model_data(mpath, spec, &m, &ds))) goto done;
    loss_kind lk = ibp ? net.spec.loss.kind : m.spec.loss.kind;
    if (!loss_is_classification(lk) && lk != LOSS_SQUARED) {
        fprintf(stderr, "ntkcert: %s: a %s model is not a classifier\n", mpath, loss_name(lk));
        rc = CLI_BADINPUT;
        goto done;
    }
    for (long i = 0; i < ds.n; i++)
        if (ds.y[i] != 1 && ds.y[i] != -1) {
            fprintf(stderr, "ntkcert: %s: label %g of point %ld is not -1/+1 (select a class pair)\n", spec, ds.y[i], i);
            rc = CLI_BADINPUT;
            goto done;
        }
    if (subset > ds.n) {
        fprintf(stderr, "ntkcert: %s: --subset %ld exceeds its %ld points\n", spec, subset, ds.n);
        rc = CLI_BADINPUT;
        goto done;
    }
    long np = subset ? subset : ds.n;
    idx = malloc((size_t)ds.n * sizeof *idx);
    rep.points = calloc((size_t)np + 1, sizeof *rep.points);
    if (!idx || !rep.points) { rc = CLI_FAIL; goto done; }
    for (long i = 0; i < ds.n; i++) idx[i] = i;
    if (subset) rng_pick((uint64_t)seed, idx, ds.n, subset);
    if (ibp ? ibp_prepare(&ictx, &net, &o, &e) : cert_prepare(&ctx, &m, &o, &e)) { rc = cli_error(&e); goto done; }
    const int tty = isatty(STDERR_FILENO);
    cert_result *res = malloc((size_t)np * sizeof *res + 1);
    if (!res) { rc = CLI_FAIL; goto done; }
    /* in chunks, for the progress line; each chunk runs in parallel */
    const long chunk = 512;
    double t0 = cli_now();
    for (long k0 = 0; k0 < np; k0 += chunk) {
        long kn = np - k0 < chunk ? np - k0 : chunk;
        int bad = 0;
        if (!ibp)
            bad = cert_points(ctx, ds.X, ds.y, idx + k0, kn, res + k0, &e);
        for (long k = k0; ibp && !bad && k < k0 + kn; k++) {
            bad = ibp_point(ictx, ds.X + (size_t)idx[k] * (size_t)ds.d, ds.y[idx[k]], res + k, &e);
            if (tty) fprintf(stderr, "\r%s: %ld/%ld points", cmd, k + 1, np);
        }
        if (bad) { free(res); rc = cli_error(&e); goto done; }
        if (tty) fprintf(stderr, "\r%s: %ld/%ld points", cmd, k0 + kn, np);
    }
    double per = (cli_now() - t0) / (double)np; /* wall time per point, shared out */
    for (long k = 0; k < np; k++) {
        long i = idx[k];
        report_point *p = &rep.points[k];
        p->index = i;
        p->label = ds.y[i];
        p->score = res[k].score;
        p->correct = res[k].score * ds.y[i] > 0;
        p->delta = p->correct ? res[k].delta : 0;
        p->bound = p->correct ? res[k].bound : res[k].score_iv.lo;
        p->steps = res[k].steps;
        p->mode = ibp ? "ibp" : cert_mode_name(res[k].mode);
        p->seconds = per;
    }
    free(res);
    if (tty) fputc('\n', stderr);
    /* by default only correctly classified points are reported */
    long kept = 0, correct = 0;
    for (long k = 0; k < np; k++) correct += rep.points[k].correct;
    for (long k = 0; k < np; k++)
        if (all || rep.points[k].correct) rep.points[kept++] = rep.points[k];
    rep.npoints = kept;
    rep.data_spec = spec;
    if (ibp ? report_describe_net(&rep, &net, mpath, &e) : report_describe_model(&rep, &m, mpath, &e)) {
        rc = cli_error(&e);
        goto done;
    }
    unsigned char sha[32];
    data_sha256(&ds, sha);
    data_hex(sha, rep.data_sha256);
    rep.norm = cert_norm_name(o.norm);
    rep.bound = ibp ? "ibp" : cert_mode_name(o.mode);
    rep.precision = o.precision;
    rep.has_domain = o.has_domain;
    rep.dom_lo = o.dom_lo;
    rep.dom_hi = o.dom_hi;
    rep.rel_tol = o.rel_tol;
    rep.delta_max = o.delta_max;
    rep.subset = subset;
    rep.seed = (unsigned long long)seed;
    rep.all = all;
    report_summarize(&rep);
    /* count and accuracy over every point tried, also when misclassified ones are left out */
    rep.summary.count = np;
    rep.summary.accuracy = (double)correct / (double)np;
    if (report_write_json(&rep, out, &e) || (csv && report_write_csv(&rep, csv, &e)) ||
        (md && report_write_markdown(&rep, md, &e))) {
        rc = cli_error(&e);
        goto done;
    }
    const report_summary *s = &rep.summary;
    printf("certified:  %ld points (l_%s ball, %s bound%s)\n", s->correct, rep.norm, rep.bound,
           o.precision ? ", MPFI" : "");
    printf("radius:     mean %.6g, std %.3g, median %.6g, min %.3g, max %.3g\n", s->mean, s->std, s->median, s->min, s->max);
    printf("time:       %.3f s per point\n", np ? s->seconds / (double)np : 0.0);
    printf("wrote:      %s\n", out);
done:
    free(idx);
    free(rep.points);
    cert_free(ctx);
    ibp_free(ictx);
    km_free(&m);
    nn_model_free(&net);
    data_free(&ds);
    return rc;
}

int cli_certify(int argc, char **argv) { return run(argc, argv, 0); }
int cli_ibp(int argc, char **argv) { return run(argc, argv, 1); }
