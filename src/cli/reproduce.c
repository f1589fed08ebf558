/* ntkcert reproduce table3: the paper's Table 3 (KRR at eight lambdas and the
 * SVM, MNIST 0 vs 1, two-layer NTK), certified in the paper's bound mode and
 * in the tight one, in one command. ntkcert reproduce table2: two-layer ReLU
 * networks of growing width certified by IBP beside the SVM's kernel
 * certificate (the paper's Table 2). ntkcert reproduce genbound: margin
 * bounds for kernel machines and a network, true and shuffled labels (the
 * paper's Section 4.1). */
#include "cli.h"
#include "ntkcert/cert.h"
#include "ntkcert/audit.h"
#include "ntkcert/genbound.h"
#include "ntkcert/ibp.h"
#include "ntkcert/io.h"
#include "ntkcert/report.h"
#include "ntkcert/rng.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char cli_reproduce_usage[] =
    "usage: ntkcert reproduce table3 [--subset N | --full] [--seed S] [--quick] [--audit [--audit-rows LIST]] --out DIR\n"
    "       ntkcert reproduce table2 [--widths 1000,10000,100000] [--subset N] [--seed S]\n"
    "                               [--epochs E] [--lr ETA] [--batch B] [--lambda LAM]\n"
    "                               [--centered] [--audit] --out DIR\n"
    "       ntkcert reproduce figure1 [--widths 1000,3000,10000] [--steps T] [--lambda LAM] [--seed S]\n"
    "                                [--sgd [--sgd-steps T] [--sgd-lr ETA]] [--quick] --out DIR\n\n"
    "--audit (both tables): audit every certified point as 'ntkcert audit' does and\n"
    "add its violations, median gap (attack radius / certified radius) and time.\n\n"
    "table2: trains two-layer ReLU networks (NTK parameterisation, hinge loss; by\n"
    "default 1 epoch of SGD, batch 64, lr 0.1, lambda 0.001, seed 0) of each width\n"
    "on MNIST 0/1, measures test accuracy, certifies N random test points (default\n"
    "100, seed 0) over l_inf balls by IBP, certifies the SVM (exact, lambda 0.064)\n"
    "on the same points with the tight kernel certificate, and writes DIR/table2.md\n"
    "with the fitted log-log slope of the mean radius against width.\n\n"
    "table3: "
    "Trains KRR at lambda in {0, 0.001, 0.01, 0.1, 1, 10, 100, 1000} and the SVM\n"
    "(exact, lambda 0.064) on MNIST 0/1 with the two-layer NTK, measures test\n"
    "accuracy on the 2115 test images, certifies N random correctly classified test\n"
    "points (default 100, seed 0; --full: all) over l_inf balls with the paper's\n"
    "bound, the tight one, the first-order one and the best of them, and writes\n"
    "DIR/table3.md (printed too), the models and the JSON reports. --quick: KRR\n"
    "lambda 1 and the SVM only. --audit attacks each point once, at best's radius,\n"
    "and rechecks every mode's claims; --audit-rows 0,1,100,svm audits only those\n"
    "rows (KRR lambdas, svm).\n\n"
    "figure1: 'ntkcert dynamics' in the paper's setting: 128 random MNIST 0/1\n"
    "training images (seed 0), the first 256 test images, 3-layer ReLU networks\n"
    "(2 hidden layers) of each width against the SVM with their NTK, hinge loss,\n"
    "lambda 0.064 (default), full-batch subgradient descent for T steps (default\n"
    "300) at lr 0.1 and at lr 0.01, into DIR/lr0.1 and DIR/lr0.01; --sgd adds the\n"
    "minibatch variant on all 12665 images (batch 64, lr 0.001, 1000 steps by\n"
    "default) in DIR/sgd. --quick: widths 500,2000 and 200 steps. Writes\n"
    "DIR/figure1.md with each run's table and time.\n\n"
    "genbound: 'ntkcert genbound' (delta 0.05, the margin grid) on MNIST 0/1 for the\n"
    "SVM (lambda 0.064 and 1) and KRR (lambda 1 and 100) on all training images, and\n"
    "for a network (one hidden layer of width M, default 10000; hinge, lambda 0.01,\n"
    "30 full-batch steps at lr 10/N) through its path kernel on the first N images\n"
    "(default 4000), each with true labels and with labels shuffled by seed 1, with\n"
    "the test error on the 2115 test images. Writes DIR/genbound.md, the models and\n"
    "the BOUND.json files. --quick: the kernel machines on 1000 images, the network\n"
    "on 300 at width 1000.\n";

typedef struct {
    const char *name;
    loss_kind loss;
    double lambda, paper_delta, paper_acc; /* the paper's Table 3 */
} row_t;

static const row_t rows[] = {
    {"KRR", LOSS_SQUARED, 0, 3.30202e-5, 99.95},    {"KRR", LOSS_SQUARED, 0.001, 3.756122e-5, 99.95},
    {"KRR", LOSS_SQUARED, 0.01, 6.5055e-5, 99.95},  {"KRR", LOSS_SQUARED, 0.1, 2.22996e-4, 99.95},
    {"KRR", LOSS_SQUARED, 1, 1.005e-3, 99.95},      {"KRR", LOSS_SQUARED, 10, 5.181e-3, 99.91},
    {"KRR", LOSS_SQUARED, 100, 2.0456e-2, 99.86},   {"KRR", LOSS_SQUARED, 1000, 2.6088e-2, 99.76},
    {"SVM", LOSS_HINGE, 0.064, 8.054e-3, NAN},
};

static int out_dir(const char *dir);

/* Fills the data fields of rep for the test set. */
static void describe_data(report_cert *rep, const nc_data *te, long subset, long seed)
{
    unsigned char sha[32];
    rep->data_spec = "mnist-test:0,1";
    data_sha256(te, sha);
    data_hex(sha, rep->data_sha256);
    rep->subset = subset;
    rep->seed = (unsigned long long)seed;
}

/* Writes the Markdown table md to path (atomically) and prints it. */
static int write_table(const char *md, const char *path, nc_err *e)
{
    io_out o;
    if (io_out_open(&o, path, e)) return e->code;
    fputs(md, o.f);
    if (io_out_commit(&o, e)) return e->code;
    fputs(md, stdout);
    printf("\nwrote: %s (and the models and reports beside it)\n", path);
    return NC_OK;
}

/* rep's points from the results r[k] of the points idx[k] of te. */
static void fill_points(report_cert *rep, const nc_data *te, const long *idx, long np, const cert_result *r, double per)
{
    for (long k = 0; k < np; k++) {
        report_point *p = &rep->points[k];
        p->index = idx[k];
        p->label = te->y[idx[k]];
        p->score = r[k].score;
        p->correct = r[k].score * p->label > 0;
        p->delta = p->correct ? r[k].delta : 0;
        p->bound = p->correct ? r[k].bound : r[k].score_iv.lo;
        p->steps = r[k].steps;
        p->mode = cert_mode_name(r[k].mode);
        p->seconds = per;
    }
    rep->npoints = np;
    report_summarize(rep);
}

/* Audits rep's certified points (the bound in MPFI at 256 bits) for the
 * kernel machine km or the network net under o; "violations, median gap"
 * into cell. radius (rep->npoints entries, or NULL): with attack, receives
 * each point's attack radius (NAN where not certified); without, gives them,
 * from an attack on a report of the same points whose radii are at least
 * these (best), and an attack radius within a claimed one is a violation. */
static int audit_rep(const km_model *km, const nn_model *net, const cert_opts *o, const nc_data *te,
                     const report_cert *rep, double *radius, int attack, char *cell, size_t cap, nc_err *e)
{
    long n = 0, *idx = malloc((size_t)(rep->npoints + 1) * sizeof *idx);
    double *delta = malloc((size_t)(rep->npoints + 1) * sizeof *delta);
    audit_result *r = malloc((size_t)(rep->npoints + 1) * sizeof *r);
    if (!idx || !delta || !r) { free(idx); free(delta); free(r); return nc_fail(e, NC_ENOMEM, "out of memory"); }
    for (long k = 0; k < rep->npoints; k++)
        if (rep->points[k].delta > 0) { idx[n] = rep->points[k].index; delta[n++] = rep->points[k].delta; }
    cert_opts om = *o;
    om.precision = 256;
    cert_ctx *kc = NULL;
    ibp_ctx *ic = NULL;
    audit_target t = {km, net, o};
    audit_opts a = audit_opts_default();
    double t0 = cli_now();
    int rc = net ? ibp_prepare(&ic, net, &om, e) : cert_prepare(&kc, km, &om, e);
    if (!rc) rc = audit_points(&t, kc, ic, te, idx, delta, n, attack, &a, 1.0, r, e);
    for (long k = 0, j = 0; !rc && radius && k < rep->npoints; k++) {
        if (!(rep->points[k].delta > 0)) {
            if (attack) radius[k] = NAN;
            continue;
        }
        if (attack) radius[k] = r[j].radius;
        else {
            r[j].radius = radius[k];
            r[j].violation |= radius[k] <= delta[j];
        }
        j++;
    }
    if (!rc) {
        double median, worst;
        long viol = audit_summary(r, delta, n, &median, &worst);
        snprintf(cell, cap, "%ld, %.3g (%.0f s)", viol, median, cli_now() - t0);
        fprintf(stderr, "reproduce: audit of %ld points (%s): %ld violations, median gap %.3g, worst %.3g, %.1f s\n", n,
                rep->bound, viol, median, worst, cli_now() - t0);
    }
    cert_free(kc);
    ibp_free(ic);
    free(idx); free(delta); free(r);
    return rc;
}

/* Certifies the points idx[0..np-1] of te; fills rep (points, summary). */
static int certify_all(const km_model *m, const nc_data *te, const long *idx, long np, cert_mode mode,
                       report_cert *rep, nc_err *e)
{
    cert_opts o = cert_opts_default();
    o.mode = mode;
    cert_ctx *ctx;
    int rc = cert_prepare(&ctx, m, &o, e);
    if (rc) return rc;
    rep->points = calloc((size_t)np + 1, sizeof *rep->points);
    if (!rep->points) { cert_free(ctx); return nc_fail(e, NC_ENOMEM, "out of memory"); }
    cert_result *res = malloc((size_t)np * sizeof *res + 1);
    double t0 = cli_now();
    if (!res || cert_points(ctx, te->X, te->y, idx, np, res, e)) {
        free(res);
        cert_free(ctx);
        return res ? e->code : nc_fail(e, NC_ENOMEM, "out of memory");
    }
    fill_points(rep, te, idx, np, res, (cli_now() - t0) / (double)np);
    free(res);
    cert_free(ctx);
    rep->norm = "inf";
    rep->bound = cert_mode_name(mode);
    rep->rel_tol = o.rel_tol;
    rep->delta_max = o.delta_max;
    return NC_OK;
}

/* 1 if row is in list: KRR lambdas and "svm", comma-separated. */
static int listed(const char *list, const row_t *row)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ","))
        if (row->loss == LOSS_HINGE ? !strcmp(tok, "svm") : row->loss == LOSS_SQUARED && strtod(tok, NULL) == row->lambda &&
                                                               strcmp(tok, "svm"))
            return 1;
    return 0;
}

/* rep = best of the n reports r (the same points): each point's largest
 * radius, in certify's order (tight, paper, first order; ties to the
 * earlier), with the steps and seconds of all. */
static int best_of(report_cert *rep, const report_cert *r, int n, nc_err *e)
{
    static const int order[] = {1, 0, 2}; /* the indices of tight, paper, first order in r */
    *rep = r[0];
    rep->points = calloc((size_t)r[0].npoints + 1, sizeof *rep->points);
    if (!rep->points) return nc_fail(e, NC_ENOMEM, "out of memory");
    for (long k = 0; k < r[0].npoints; k++) {
        report_point *p = &rep->points[k];
        long steps = 0;
        double sec = 0;
        for (int j = 0; j < n; j++) {
            const report_point *q = &r[order[j]].points[k];
            if (j == 0 || q->delta > p->delta) *p = *q;
            steps += q->steps;
            sec += q->seconds;
        }
        p->steps = steps;
        p->seconds = sec;
    }
    rep->bound = cert_mode_name(CERT_BEST);
    report_summarize(rep);
    return NC_OK;
}

static int table3(int argc, char **argv)
{
    static const struct option opts[] = {
        {"subset", required_argument, 0, 's'}, {"full", no_argument, 0, 'f'}, {"seed", required_argument, 0, 'S'},
        {"quick", no_argument, 0, 'q'},        {"out", required_argument, 0, 'o'}, {"help", no_argument, 0, 'h'},
        {"audit-rows", required_argument, 0, 'r'},
        {"audit", no_argument, 0, 'a'},
        {0, 0, 0, 0}};
    long subset = 100, seed = 0;
    int full = 0, quick = 0, audit = 0, c;
    const char *arows = NULL;
    const char *dir = NULL;
    optind = 2;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 's': if (cli_long("reproduce", "--subset", optarg, &subset)) return CLI_BADINPUT;
            if (subset < 1) return cli_usage_error("reproduce", "--subset %ld: the subset is empty", subset);
            break;
        case 'f': full = 1; break;
        case 'S': if (cli_long("reproduce", "--seed", optarg, &seed)) return CLI_BADINPUT; break;
        case 'q': quick = 1; break;
        case 'r': arows = optarg; break;
        case 'a': audit = 1; break;
        case 'o': dir = optarg; break;
        case 'h': fputs(cli_reproduce_usage, stdout); return CLI_OK;
        default: return cli_usage_error("reproduce", "bad option");
        }
    }
    if (!dir) return cli_usage_error("reproduce", "--out DIR is required");
    if (out_dir(dir)) return CLI_BADINPUT;
    nc_err e = {0};
    nc_data tr = {0}, te = {0};
    int rc = CLI_OK;
    char path[4096], md[16384];
    size_t mdl = 0;
    char subset_words[64];
    snprintf(subset_words, sizeof subset_words, "%ld random", subset);
    if (data_load("mnist-train:0,1", &tr, &e) || data_load("mnist-test:0,1", &te, &e)) { rc = cli_error(&e); goto done; }
    mdl += (size_t)snprintf(md + mdl, sizeof md - mdl,
        "# Table 3, reproduced: MNIST 0 vs 1, two-layer NTK, l_inf certificates\n\n"
        "Mean certified radius over %s correctly classified test points (seed %ld),\n"
        "every bound outward rounded. \"paper bound\" is the paper's sqrt(d) scheme;\n"
        "\"tight\" encloses each kernel term on its own with exact ranges; \"first order\"\n"
        "is the mean-value form around x0; \"best\" (ntkcert's default) the largest of\n"
        "the three per point. The paper's own figures are beside them. Times are wall\n"
        "seconds per point on this machine (2 threads).\n\n"
        "| model | lambda | test accuracy | paper's accuracy | radius, paper bound | paper's Table 3 | "
        "radius, tight | tight / paper | improvement over KRR lambda 0 (tight) | radius, first order | "
        "radius, best | best / paper | s/point, tight | s/point, first order |%s\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|%s\n", full ? "all" : subset_words, seed,
        audit ? " audit, paper (violations, median gap) | audit, tight | audit, first order | audit, best |" : "",
        audit ? "---|---|---|---|" : "");
    double base_tight = NAN;
    for (size_t ri = 0; ri < sizeof rows / sizeof *rows; ri++) {
        const row_t *row = &rows[ri];
        if (quick && !(row->loss == LOSS_HINGE || row->lambda == 1)) continue;
        km_spec s = km_spec_default();
        s.loss.kind = row->loss;
        s.lambda = row->lambda;
        km_model m = {0};
        double t0 = cli_now();
        double *K = km_gram(&s, &tr, &e);
        if (!K || km_train(&m, &s, &tr, K, &e)) { free(K); rc = cli_error(&e); goto done; }
        free(K);
        snprintf(path, sizeof path, "%s/%s-%g.model", dir, row->name, row->lambda);
        if (km_save(&m, path, &e)) { km_free(&m); rc = cli_error(&e); goto done; }
        double *z = malloc((size_t)te.n * sizeof *z);
        long right = 0;
        if (!z || km_predict(&m, te.X, te.n, te.d, z, &e)) { free(z); km_free(&m); rc = cli_error(&e); goto done; }
        long *idx = malloc((size_t)te.n * sizeof *idx), np = 0;
        for (long i = 0; i < te.n; i++)
            if (z[i] * te.y[i] > 0) { right++; idx[np++] = i; }
        free(z);
        /* a seeded random subset of the correctly classified points */
        if (!full) np = rng_pick((uint64_t)seed, idx, np, subset);
        /* paper, tight and first order certified; best taken from them per point */
        enum { NM = 4 };
        static const cert_mode modes[NM] = {CERT_PAPER, CERT_TIGHT, CERT_FIRST, CERT_BEST};
        report_cert reps[NM];
        double mean[NM], per[NM], *radius = calloc((size_t)np + 1, sizeof *radius);
        char cells[NM][64] = {"", "", "", ""};
        memset(reps, 0, sizeof reps);
        if (!radius) rc = nc_fail(&e, NC_ENOMEM, "out of memory");
        for (int k = 0; k < NM && !rc; k++) {
            report_cert *rep = &reps[k];
            if (modes[k] == CERT_BEST) rc = best_of(rep, reps, 3, &e);
            else rc = certify_all(&m, &te, idx, np, modes[k], rep, &e);
            if (rc) break;
            describe_data(rep, &te, full ? 0 : subset, seed);
            if ((rc = report_describe_model(rep, &m, path, &e))) break;
            rep->summary.count = te.n;
            rep->summary.accuracy = (double)right / (double)te.n;
            char rpath[4096];
            snprintf(rpath, sizeof rpath, "%s/%s-%g-%s.json", dir, row->name, row->lambda, rep->bound);
            if ((rc = report_write_json(rep, rpath, &e))) break;
            mean[k] = rep->summary.mean;
            per[k] = rep->npoints ? rep->summary.seconds / (double)rep->npoints : NAN;
        }
        /* one attack per point, on best's radii (the largest); the other
         * modes' claims are rechecked and measured against its radii */
        int audit_row = audit && (!arows || listed(arows, row));
        for (int j = 0; audit_row && !rc && j < NM; j++) {
            int k = (NM - 1 + j) % NM; /* best first */
            cert_opts o = cert_opts_default();
            o.mode = modes[k];
            rc = audit_rep(&m, NULL, &o, &te, &reps[k], radius, k == NM - 1, cells[k], sizeof cells[k], &e);
        }
        for (int k = 0; k < NM; k++) free(reps[k].points);
        free(radius);
        if (rc) { free(idx); km_free(&m); rc = cli_error(&e); goto done; }
        if (row->loss == LOSS_SQUARED && row->lambda == 0) base_tight = mean[1];
        char pacc[32] = "-", imp[32] = "-";
        if (!isnan(row->paper_acc)) snprintf(pacc, sizeof pacc, "%.2f%%", row->paper_acc);
        if (!isnan(base_tight)) snprintf(imp, sizeof imp, "%.1fx", mean[1] / base_tight);
        mdl += (size_t)snprintf(md + mdl, sizeof md - mdl,
                                "| %s | %g | %.2f%% | %s | %.5g | %.5g | %.5g | %.2fx | %s | %.5g | %.5g | %.1fx | %.2g | %.2g |",
                                row->name, row->lambda, 100.0 * (double)right / (double)te.n, pacc, mean[0],
                                row->paper_delta, mean[1], mean[1] / mean[0], imp, mean[2], mean[3], mean[3] / mean[0],
                                per[1], per[2]);
        if (audit && !audit_row) mdl += (size_t)snprintf(md + mdl, sizeof md - mdl, " - | - | - | - |");
        else if (audit) mdl += (size_t)snprintf(md + mdl, sizeof md - mdl, " %s | %s | %s | %s |", cells[0], cells[1], cells[2], cells[3]);
        mdl += (size_t)snprintf(md + mdl, sizeof md - mdl, "\n");
        fprintf(stderr, "reproduce: %s lambda %g done in %.1f s\n", row->name, row->lambda, cli_now() - t0);
        free(idx);
        km_free(&m);
    }
    mdl += (size_t)snprintf(md + mdl, sizeof md - mdl,
        "\nThe paper's SVM was trained by stochastic subgradient descent; this one by the exact\n"
        "dual solver (homogeneous, as in the paper), so its row is not expected to match.\n");
    snprintf(path, sizeof path, "%s/table3.md", dir);
    if (write_table(md, path, &e)) { rc = cli_error(&e); goto done; }
done:
    data_free(&tr);
    data_free(&te);
    return rc;
}

/* The paper's Table 2: mean IBP radius by width, and the SVM's. */
static double paper_radius(long width)
{
    return width == 1000 ? 7.45e-3 : width == 10000 ? 2.99e-3 : width == 100000 ? 0.99e-3 : width == 1000000 ? 0.315e-3 : NAN;
}

/* Opens DIR for writing, creating it. */
static int out_dir(const char *dir)
{
    if (mkdir(dir, 0777) != 0 && access(dir, W_OK) != 0) {
        fprintf(stderr, "ntkcert: %s: cannot create the output directory\n", dir);
        return CLI_BADINPUT;
    }
    return CLI_OK;
}

static int table2(int argc, char **argv)
{
    static const struct option opts[] = {
        {"widths", required_argument, 0, 'w'}, {"subset", required_argument, 0, 's'},
        {"seed", required_argument, 0, 'S'},   {"epochs", required_argument, 0, 'E'},
        {"lr", required_argument, 0, 'r'},     {"batch", required_argument, 0, 'B'},
        {"lambda", required_argument, 0, 'L'}, {"centered", no_argument, 0, 'c'}, {"audit", no_argument, 0, 'a'},
        {"out", required_argument, 0, 'o'},    {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    long widths[16] = {1000, 10000, 100000}, subset = 100, seed = 0;
    int nw = 3;
    nn_spec s = nn_spec_default();
    const char *dir = NULL;
    int c, audit = 0;
    optind = 2;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'w': if (cli_widths("reproduce", optarg, widths, 16, &nw)) return CLI_BADINPUT; break;
        case 's': if (cli_long("reproduce", "--subset", optarg, &subset)) return CLI_BADINPUT;
            if (subset < 1) return cli_usage_error("reproduce", "--subset %ld: the subset is empty", subset);
            break;
        case 'S': if (cli_long("reproduce", "--seed", optarg, &seed)) return CLI_BADINPUT; break;
        case 'E': if (cli_long("reproduce", "--epochs", optarg, &s.epochs)) return CLI_BADINPUT; break;
        case 'r': if (cli_double("reproduce", "--lr", optarg, &s.lr)) return CLI_BADINPUT; break;
        case 'B': if (cli_long("reproduce", "--batch", optarg, &s.batch)) return CLI_BADINPUT; break;
        case 'L': if (cli_double("reproduce", "--lambda", optarg, &s.lambda)) return CLI_BADINPUT; break;
        case 'c': s.centered = 1; break;
        case 'a': audit = 1; break;
        case 'o': dir = optarg; break;
        case 'h': fputs(cli_reproduce_usage, stdout); return CLI_OK;
        default: return cli_usage_error("reproduce", "bad option");
        }
    }
    if (optind < argc) return cli_usage_error("reproduce", "unexpected argument '%s'", argv[optind]);
    if (!dir) return cli_usage_error("reproduce", "--out DIR is required");
    nc_err e = {0};
    for (long i = 0; i < nw; i++) {
        s.width = widths[i];
        if (nn_check(&s, 784, &e)) return cli_error(&e);
    }
    if (out_dir(dir)) return CLI_BADINPUT;
    nc_data tr = {0}, te = {0};
    int rc = CLI_OK;
    char path[4096], rpath[4096], md[16384];
    size_t mdl = 0;
    long *idx = NULL, np = 0;
    cert_result *res = NULL;
    double *z = NULL, lx[16], ly[16];
    int nfit = 0;
    if (data_load("mnist-train:0,1", &tr, &e) || data_load("mnist-test:0,1", &te, &e)) { rc = cli_error(&e); goto done; }
    idx = malloc((size_t)te.n * sizeof *idx);
    res = malloc((size_t)te.n * sizeof *res);
    z = malloc((size_t)te.n * sizeof *z);
    if (!idx || !res || !z) { rc = CLI_FAIL; goto done; }
    for (long i = 0; i < te.n; i++) idx[i] = i;
    np = rng_pick((uint64_t)seed, idx, te.n, subset);
    mdl += (size_t)snprintf(md + mdl, sizeof md - mdl,
        "# Table 2, reproduced: MNIST 0 vs 1, two-layer ReLU networks against the SVM\n\n"
        "Networks in NTK parameterisation, hinge loss, lambda %g on the output layer, %ld epoch(s)\n"
        "of %s (lr %g), seed 0%s. Certified l_inf radius by interval bound propagation,\n"
        "every step outward rounded; the SVM (exact, lambda 0.064) by the tight kernel\n"
        "certificate. %ld random test points (seed %ld); the mean is over those each\n"
        "model classifies correctly.\n\n"
        "| model | width | test accuracy | radius (mean +- std) | median | paper's Table 2 | certified | "
        "time per point | training time |%s\n|---|---|---|---|---|---|---|---|---|%s\n",
        s.lambda, s.epochs, s.batch ? "SGD, batch 64" : "full-batch subgradient descent", s.lr,
        s.centered ? ", centred output f(w_t, x) - f(w_0, x)" : "", np, seed,
        audit ? " audit (violations, median gap) |" : "", audit ? "---|" : "");
    if (s.batch && s.batch != 64)
        mdl += (size_t)snprintf(md + mdl, sizeof md - mdl, "(Batch size %ld.)\n\n", s.batch);
    for (long wi = 0; wi < nw; wi++) {
        s.width = widths[wi];
        nn_model m = {0};
        double t0 = cli_now();
        if (nn_train(&m, &s, &tr, &e)) { rc = cli_error(&e); goto done; }
        double t_train = cli_now() - t0;
        snprintf(path, sizeof path, "%s/nn-%ld.model", dir, s.width);
        long right = 0;
        if (nn_save(&m, path, &e) || nn_predict(&m, te.X, te.n, te.d, z, &e)) { nn_model_free(&m); rc = cli_error(&e); goto done; }
        for (long i = 0; i < te.n; i++) right += z[i] * te.y[i] > 0;
        cert_opts o = cert_opts_default();
        ibp_ctx *ctx;
        if (ibp_prepare(&ctx, &m, &o, &e)) { nn_model_free(&m); rc = cli_error(&e); goto done; }
        double t1 = cli_now();
        for (long k = 0; k < np && !rc; k++)
            if (ibp_point(ctx, te.X + (size_t)idx[k] * (size_t)te.d, te.y[idx[k]], &res[k], &e)) rc = cli_error(&e);
        double per = (cli_now() - t1) / (double)np;
        ibp_free(ctx);
        report_cert rep;
        memset(&rep, 0, sizeof rep);
        rep.points = calloc((size_t)np + 1, sizeof *rep.points);
        if (rc || !rep.points) { free(rep.points); nn_model_free(&m); rc = rc ? rc : CLI_FAIL; goto done; }
        fill_points(&rep, &te, idx, np, res, per);
        describe_data(&rep, &te, subset, seed);
        rep.norm = "inf";
        rep.bound = "ibp";
        rep.rel_tol = o.rel_tol;
        rep.delta_max = o.delta_max;
        snprintf(rpath, sizeof rpath, "%s/ibp-%ld.json", dir, s.width);
        if (report_describe_net(&rep, &m, path, &e) || report_write_json(&rep, rpath, &e)) {
            free(rep.points); nn_model_free(&m); rc = cli_error(&e); goto done;
        }
        const report_summary *q = &rep.summary;
        char paper[32] = "-";
        if (!isnan(paper_radius(s.width))) snprintf(paper, sizeof paper, "%.3g", paper_radius(s.width));
        char cell[64] = "";
        if (audit && audit_rep(NULL, &m, &o, &te, &rep, NULL, 1, cell, sizeof cell, &e)) {
            free(rep.points); nn_model_free(&m); rc = cli_error(&e); goto done;
        }
        mdl += (size_t)snprintf(md + mdl, sizeof md - mdl,
                                "| network, IBP | %ld | %.2f%% | %.4g +- %.2g | %.4g | %s | %ld / %ld | %.2g s | %.1f s |",
                                s.width, 100.0 * (double)right / (double)te.n, q->mean, q->std, q->median, paper,
                                q->correct, q->count, per, t_train);
        mdl += (size_t)snprintf(md + mdl, sizeof md - mdl, audit ? " %s |\n" : "\n", cell);
        if (q->mean > 0 && nfit < 16) { lx[nfit] = log10((double)s.width); ly[nfit] = log10(q->mean); nfit++; }
        fprintf(stderr, "reproduce: width %ld done in %.1f s\n", s.width, cli_now() - t0);
        free(rep.points);
        nn_model_free(&m);
    }
    {   /* the SVM and its kernel certificate on the same points */
        km_spec ks = km_spec_default();
        ks.lambda = 0.064;
        km_model km = {0};
        double t0 = cli_now();
        double *K = km_gram(&ks, &tr, &e);
        if (!K || km_train(&km, &ks, &tr, K, &e)) { free(K); rc = cli_error(&e); goto done; }
        free(K);
        double t_train = cli_now() - t0;
        snprintf(path, sizeof path, "%s/svm.model", dir);
        long right = 0;
        if (km_save(&km, path, &e) || km_predict(&km, te.X, te.n, te.d, z, &e)) { km_free(&km); rc = cli_error(&e); goto done; }
        for (long i = 0; i < te.n; i++) right += z[i] * te.y[i] > 0;
        report_cert rep;
        memset(&rep, 0, sizeof rep);
        if (certify_all(&km, &te, idx, np, CERT_TIGHT, &rep, &e)) { km_free(&km); rc = cli_error(&e); goto done; }
        describe_data(&rep, &te, subset, seed);
        snprintf(rpath, sizeof rpath, "%s/svm-tight.json", dir);
        if (report_describe_model(&rep, &km, path, &e) || report_write_json(&rep, rpath, &e)) {
            free(rep.points); km_free(&km); rc = cli_error(&e); goto done;
        }
        const report_summary *q = &rep.summary;
        char cell[64] = "";
        cert_opts ko = cert_opts_default();
        if (audit && audit_rep(&km, NULL, &ko, &te, &rep, NULL, 1, cell, sizeof cell, &e)) {
            free(rep.points); km_free(&km); rc = cli_error(&e); goto done;
        }
        mdl += (size_t)snprintf(md + mdl, sizeof md - mdl,
                                "| SVM with the NTK (the infinitely wide network), tight certificate | inf | %.2f%% | "
                                "%.4g +- %.2g | %.4g | 8.05e-3 | %ld / %ld | %.2g s | %.1f s |",
                                100.0 * (double)right / (double)te.n, q->mean, q->std, q->median, q->correct, q->count,
                                q->seconds / (double)(np ? np : 1), t_train);
        mdl += (size_t)snprintf(md + mdl, sizeof md - mdl, audit ? " %s |\n" : "\n", cell);
        free(rep.points);
        km_free(&km);
    }
    if (nfit >= 2) { /* least squares slope of log10(mean radius) on log10(width) */
        double mx = 0, my = 0, sxy = 0, sxx = 0;
        for (int i = 0; i < nfit; i++) { mx += lx[i] / nfit; my += ly[i] / nfit; }
        for (int i = 0; i < nfit; i++) { sxy += (lx[i] - mx) * (ly[i] - my); sxx += (lx[i] - mx) * (lx[i] - mx); }
        mdl += (size_t)snprintf(md + mdl, sizeof md - mdl,
                                "\nFitted log-log slope of the mean IBP radius against width: %.3f (the paper's "
                                "Table 2: about -0.46; 1/sqrt(width) is -0.5).\n", sxy / sxx);
    }
    snprintf(path, sizeof path, "%s/table2.md", dir);
    if (write_table(md, path, &e)) { rc = cli_error(&e); goto done; }
done:
    free(idx);
    free(res);
    free(z);
    data_free(&tr);
    data_free(&te);
    return rc;
}

static int figure1(int argc, char **argv)
{
    static const struct option opts[] = {
        {"widths", required_argument, 0, 'w'}, {"steps", required_argument, 0, 'T'},
        {"lambda", required_argument, 0, 'L'}, {"seed", required_argument, 0, 'S'},
        {"sgd", no_argument, 0, 'g'},          {"sgd-steps", required_argument, 0, 'G'},
        {"sgd-lr", required_argument, 0, 'R'}, {"quick", no_argument, 0, 'q'},
        {"out", required_argument, 0, 'o'},    {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    dyn_opts o = dyn_opts_default();
    o.widths[0] = 1000;
    o.widths[1] = 3000;
    o.widths[2] = 10000;
    o.nwidths = 3;
    o.steps = 300;
    o.lambda = 0.064;
    o.eval = 0;
    long sgd_steps = 1000, seed = 0;
    double sgd_lr = 0.001;
    int sgd = 0, quick = 0, widths_given = 0, steps_given = 0, c;
    const char *dir = NULL;
    optind = 2;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'w':
            if (cli_widths("reproduce", optarg, o.widths, DYN_MAX_WIDTHS, &o.nwidths)) return CLI_BADINPUT;
            widths_given = 1;
            break;
        case 'T': if (cli_long("reproduce", "--steps", optarg, &o.steps)) return CLI_BADINPUT; steps_given = 1; break;
        case 'L': if (cli_double("reproduce", "--lambda", optarg, &o.lambda)) return CLI_BADINPUT; break;
        case 'S': if (cli_long("reproduce", "--seed", optarg, &seed)) return CLI_BADINPUT; break;
        case 'g': sgd = 1; break;
        case 'G': if (cli_long("reproduce", "--sgd-steps", optarg, &sgd_steps)) return CLI_BADINPUT; break;
        case 'R': if (cli_double("reproduce", "--sgd-lr", optarg, &sgd_lr)) return CLI_BADINPUT; break;
        case 'q': quick = 1; break;
        case 'o': dir = optarg; break;
        case 'h': fputs(cli_reproduce_usage, stdout); return CLI_OK;
        default: return cli_usage_error("reproduce", "bad option");
        }
    }
    if (optind < argc) return cli_usage_error("reproduce", "unexpected argument '%s'", argv[optind]);
    if (!dir) return cli_usage_error("reproduce", "--out DIR is required");
    if (quick && !widths_given) { o.widths[0] = 500; o.widths[1] = 2000; o.nwidths = 2; }
    if (quick && !steps_given) o.steps = 200;
    o.seed = (uint64_t)seed;
    nc_err e = {0};
    if (dyn_check(&o, &e)) return cli_error(&e);
    if (out_dir(dir)) return CLI_BADINPUT;
    char sub[4000], path[4096], md[65536];
    size_t mdl = (size_t)snprintf(md, sizeof md,
        "# Figure 1, reproduced: networks and the SVM with their NTK, trained side by side\n\n"
        "MNIST 0 vs 1, hinge loss, lambda %g, networks with 2 hidden layers (centred, regularised\n"
        "toward w_0), the SVM with their analytic NTK, seed %ld. Plots: figure1.png and width.png in\n"
        "each directory.\n\n", o.lambda, seed);
    const double lrs[] = {0.1, 0.01};
    int rc = CLI_OK;
    for (int run = 0; run < 2 + sgd && rc == CLI_OK; run++) {
        dyn_opts r = o;
        long n = 128;
        const char *test = "mnist-test:0,1,n=256";
        if (run < 2) {
            r.lr = lrs[run];
            snprintf(sub, sizeof sub, "%.3900s/lr%g", dir, r.lr);
        } else {
            r.lr = sgd_lr;
            r.batch = 64;
            r.steps = sgd_steps;
            r.eval = 1024;
            n = 0;
            snprintf(sub, sizeof sub, "%.3900s/sgd", dir);
        }
        printf("== %s: lr %g, %s, %ld steps\n", sub, r.lr, r.batch ? "minibatches of 64, all training images" :
               "full batch, 128 training images", r.steps);
        fflush(stdout);
        double t0 = cli_now();
        rc = cli_dynamics_run(&r, "mnist-train:0,1", test, n, sub);
        snprintf(path, sizeof path, "%s/summary.md", sub);
        FILE *f = rc == CLI_OK ? fopen(path, "r") : NULL;
        if (f) { /* the run's own summary, under a heading of its own */
            mdl += (size_t)snprintf(md + mdl, sizeof md - mdl, "## %s (%.0f s)\n\n", sub, cli_now() - t0);
            char line[4096];
            int body = 0;
            while (fgets(line, sizeof line, f) && mdl < sizeof md - sizeof line) {
                if (!body && (line[0] == '#' || line[0] == '\n')) continue; /* the summary's title */
                body = 1;
                mdl += (size_t)snprintf(md + mdl, sizeof md - mdl, "%s", line);
            }
            fclose(f);
            mdl += (size_t)snprintf(md + mdl, sizeof md - mdl, "\n");
        }
    }
    if (rc != CLI_OK) return rc;
    snprintf(path, sizeof path, "%s/figure1.md", dir);
    io_out f;
    if (io_out_open(&f, path, &e)) return cli_error(&e);
    fputs(md, f.f);
    if (io_out_commit(&f, &e)) return cli_error(&e);
    printf("wrote %s\n", path);
    return CLI_OK;
}

/* One model of the genbound table, trained on tr (true labels, or shuffled
 * by seed 1) from spec: its model file and BOUND.json in dir, a row of md. */
static int gen_row(const char *dir, const char *name, const char *spec, const nc_data *tr, const nc_data *te,
                   const km_spec *ks, const nn_spec *ns, int shuffled, char *md, size_t *mdl, size_t cap, nc_err *e)
{
    long *all = malloc((size_t)tr->n * sizeof *all);
    double *z = malloc((size_t)te->n * sizeof *z + 1), *K = NULL;
    nc_data d = {0};
    km_model km = {0};
    nn_model nm = {0};
    gen_result r = {0};
    gen_net_info info = {0};
    char mpath[4200], jpath[4200];
    snprintf(mpath, sizeof mpath, "%s/%s-%s.model", dir, name, shuffled ? "shuffled" : "true");
    snprintf(jpath, sizeof jpath, "%s/%s-%s.json", dir, name, shuffled ? "shuffled" : "true");
    int rc = all && z ? NC_OK : nc_fail(e, NC_ENOMEM, "out of memory");
    for (long i = 0; !rc && i < tr->n; i++) all[i] = i;
    if (!rc) rc = data_subset(tr, all, tr->n, &d, e);
    if (!rc && shuffled) data_shuffle_labels(&d, 1);
    gen_opts o = gen_opts_default();
    double t0 = cli_now();
    if (!rc && ks) {
        if (!(K = km_gram(ks, &d, e))) rc = e->code;
        if (!rc) rc = km_train(&km, ks, &d, K, e);
        if (!rc) rc = km_save(&km, mpath, e);
        if (!rc) rc = gen_km(&km, &d, &o, &r, e);
        if (!rc) rc = km_predict(&km, te->X, te->n, te->d, z, e);
    } else if (!rc) {
        rc = nn_train_path(&nm, ns, &d, e);
        if (!rc) rc = nn_save(&nm, mpath, e);
        if (!rc) rc = gen_net(&nm, &d, &o, &r, &info, e);
        if (!rc) rc = nn_predict(&nm, te->X, te->n, te->d, z, e);
    }
    if (!rc) {
        report_gen g = {.train_spec = spec, .shuffle_seed = shuffled ? 1 : -1, .confidence = o.confidence,
                        .res = &r, .net = ks ? NULL : &info, .path = &nm.path, .test_spec = "mnist-test:0,1",
                        .test_points = te->n, .test_error = gen_error(z, te->y, te->n)};
        unsigned char sha[32];
        data_sha256(&d, sha);
        data_hex(sha, g.train_sha256);
        rc = ks ? report_describe_model(&g.desc, &km, mpath, e) : report_describe_net(&g.desc, &nm, mpath, e);
        if (!rc) rc = report_write_genbound(&g, jpath, e);
        if (!rc)
            *mdl += (size_t)snprintf(md + *mdl, cap - *mdl,
                                     "| %s | %ld | %s | %.4f | %.4f | %.4f | %.4f | %s%.4f%s | %.4f | %.1f s |\n", name,
                                     d.n, shuffled ? "shuffled" : "true", r.train_error, r.best.margin_loss,
                                     r.best.complexity, r.confidence_term, r.best.bound < 1 ? "**" : "", r.best.bound,
                                     r.best.bound < 1 ? "**" : "", g.test_error, cli_now() - t0);
    }
    free(all);
    free(z);
    free(K);
    data_free(&d);
    km_free(&km);
    nn_model_free(&nm);
    gen_result_free(&r);
    return rc;
}

static int genbound(int argc, char **argv)
{
    static const struct option opts[] = {{"net-points", required_argument, 0, 'n'}, {"width", required_argument, 0, 'w'},
                                         {"quick", no_argument, 0, 'q'},          {"out", required_argument, 0, 'o'},
                                         {"help", no_argument, 0, 'h'},           {0, 0, 0, 0}};
    long npts = 4000, width = 10000;
    int c, quick = 0;
    const char *dir = NULL;
    optind = 2;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'n': if (cli_long("reproduce", "--net-points", optarg, &npts)) return CLI_BADINPUT; break;
        case 'w': if (cli_long("reproduce", "--width", optarg, &width)) return CLI_BADINPUT; break;
        case 'q': quick = 1; break;
        case 'o': dir = optarg; break;
        case 'h': fputs(cli_reproduce_usage, stdout); return CLI_OK;
        default: return cli_usage_error("reproduce", "bad option");
        }
    }
    if (!dir) return cli_usage_error("reproduce", "--out DIR is required");
    if (quick) { npts = 300; width = 1000; }
    if (npts < 1 || width < 1) return cli_usage_error("reproduce", "--net-points and --width must be >= 1");
    int rc = out_dir(dir);
    if (rc) return rc;
    nc_err e = {0};
    nc_data tr = {0}, te = {0}, tn = {0};
    const char *kspec = quick ? "mnist-train:0,1,n=1000" : "mnist-train:0,1";
    char nspec[64];
    snprintf(nspec, sizeof nspec, "mnist-train:0,1,n=%ld", npts);
    if (data_load(kspec, &tr, &e) || data_load(nspec, &tn, &e) || data_load("mnist-test:0,1", &te, &e)) {
        rc = cli_error(&e);
        goto done;
    }
    static char md[8192];
    size_t mdl = (size_t)snprintf(md, sizeof md,
        "# Generalization bounds, MNIST 0/1 (ntkcert reproduce genbound%s)\n\n"
        "delta 0.05, the best of 201 margins (Mohri et al. 2018, Theorem 5.8, Rad <= sqrt(tr K)/n); shuffled: "
        "labels permuted by seed 1; test error on the %ld test images. The network (width %ld, hinge, lambda "
        "0.01, 30 full-batch steps at lr %g) is bounded through Theorem 4.1's path kernel, which depends on the "
        "sample (the paper's heuristic, not a guarantee).\n\n"
        "| model | points | labels | train error | margin loss | complexity | confidence | bound | test error | time |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n",
        quick ? " --quick" : "", te.n, width, 10.0 / (double)npts);
    const struct { const char *name; loss_kind loss; double lambda; } kms[] = {
        {"svm-0.064", LOSS_HINGE, 0.064}, {"svm-1", LOSS_HINGE, 1}, {"krr-1", LOSS_SQUARED, 1}, {"krr-100", LOSS_SQUARED, 100}};
    for (size_t k = 0; k < sizeof kms / sizeof *kms && !rc; k++)
        for (int sh = 0; sh < 2 && !rc; sh++) {
            km_spec ks = km_spec_default();
            ks.loss.kind = kms[k].loss;
            ks.lambda = kms[k].lambda;
            if (gen_row(dir, kms[k].name, kspec, &tr, &te, &ks, NULL, sh, md, &mdl, sizeof md, &e)) rc = cli_error(&e);
        }
    nn_spec ns = nn_spec_default();
    ns.width = width;
    ns.batch = 0;
    ns.epochs = 30;
    ns.lr = 10.0 / (double)npts;
    ns.lambda = 0.01;
    for (int sh = 0; sh < 2 && !rc; sh++)
        if (gen_row(dir, "network", nspec, &tn, &te, NULL, &ns, sh, md, &mdl, sizeof md, &e)) rc = cli_error(&e);
    if (!rc) {
        char path[4200];
        snprintf(path, sizeof path, "%s/genbound.md", dir);
        if (write_table(md, path, &e)) rc = cli_error(&e);
    }
done:
    data_free(&tr);
    data_free(&tn);
    data_free(&te);
    return rc;
}

int cli_reproduce(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "figure1")) return figure1(argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "table3")) return table3(argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "table2")) return table2(argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "genbound")) return genbound(argc, argv);
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        fputs(cli_reproduce_usage, stdout);
        return CLI_OK;
    }
    return cli_usage_error("reproduce", "which experiment? (table2, table3, figure1, genbound)");
}
