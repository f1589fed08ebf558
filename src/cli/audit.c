/* ntkcert audit: rechecks every claim of a certificate report in MPFI and
 * searches for counterexamples. */
#include "cli.h"
#include "ntkcert/audit.h"
#include "ntkcert/ibp.h"
#include "ntkcert/io.h"

#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cli_audit_usage[] =
    "usage: ntkcert audit --report REPORT.json --out AUDIT.json [options]\n\n"
    "Reloads the model and the data a report names (refusing them if their SHA-256\n"
    "differ from the report's), recomputes for every certified point the lower bound\n"
    "of y f over the ball of the claimed radius in MPFI, from the formulas (not the\n"
    "double-interval code), and searches for counterexamples by projected gradient\n"
    "descent, each confirmed in MPFI. A claim whose recomputed bound is not > 0, or\n"
    "whose ball holds a confirmed counterexample, is a violation. The attack radius\n"
    "(the smallest radius at which the attack succeeds, doubling then bisecting, up\n"
    "to the report's delta_max, times sqrt(d) for l_2) is\n"
    "an empirical upper bound on the true robust radius; attack / certified is the\n"
    "gap. Exit status: 0 no violation, 3 at least one, 2 bad input.\n\n"
    "  --precision P         MPFI bits (default 256)\n"
    "  --attack pgd|none     the counterexample search (default pgd)\n"
    "  --restarts R --steps S   PGD restarts and steps per radius (default 3, 30)\n"
    "  --seed S              attack seed (default 0)\n";

int cli_audit(int argc, char **argv)
{
    static const struct option opts[] = {
        {"report", required_argument, 0, 'r'}, {"out", required_argument, 0, 'o'},
        {"precision", required_argument, 0, 'P'}, {"attack", required_argument, 0, 'a'},
        {"restarts", required_argument, 0, 'R'}, {"steps", required_argument, 0, 'T'},
        {"seed", required_argument, 0, 'S'},  {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *rpath = NULL, *out = NULL;
    long prec = 256, v;
    int attack = 1, c;
    audit_opts ao = audit_opts_default();
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'r': rpath = optarg; break;
        case 'o': out = optarg; break;
        case 'P': if (cli_long("audit", "--precision", optarg, &prec)) return CLI_BADINPUT;
            if (prec < 53 || prec > 100000) return cli_usage_error("audit", "--precision %ld is not in 53..100000", prec);
            break;
        case 'a':
            if (!strcmp(optarg, "pgd")) attack = 1;
            else if (!strcmp(optarg, "none")) attack = 0;
            else return cli_usage_error("audit", "--attack pgd or none");
            break;
        case 'R': if (cli_long("audit", "--restarts", optarg, &v)) return CLI_BADINPUT;
            if (v < 1 || v > 1000) return cli_usage_error("audit", "--restarts %ld is not in 1..1000", v);
            ao.restarts = (int)v;
            break;
        case 'T': if (cli_long("audit", "--steps", optarg, &v)) return CLI_BADINPUT;
            if (v < 1 || v > 100000) return cli_usage_error("audit", "--steps %ld is not in 1..100000", v);
            ao.steps = (int)v;
            break;
        case 'S': if (cli_long("audit", "--seed", optarg, &v)) return CLI_BADINPUT; ao.seed = (uint64_t)v; break;
        case 'h': fputs(cli_audit_usage, stdout); return CLI_OK;
        default: return cli_usage_error("audit", "bad option");
        }
    }
    if (optind < argc) return cli_usage_error("audit", "unexpected argument '%s'", argv[optind]);
    if (!rpath || !out) return cli_usage_error("audit", "--report and --out are required");
    nc_err e = {0};
    if (io_check_writable(out, &e)) return cli_error(&e);

    json_error_t je;
    json_t *r = json_load_file(rpath, 0, &je);
    if (!r) {
        fprintf(stderr, "ntkcert: %s: not a JSON report (line %d: %s)\n", rpath, je.line, je.text);
        return CLI_BADINPUT;
    }
    const char *mpath = NULL, *msha = NULL, *kind = NULL, *spec = NULL, *dsha = NULL, *norm = NULL, *bound = NULL;
    json_t *dom = NULL, *pts = NULL;
    double rel_tol = 0, delta_max = 0;
    if (json_unpack(r, "{s:{s:s, s:s, s:s}, s:{s:s, s:s}, s:{s:s, s:s, s:o, s:F, s:F}, s:o}", "model", "path", &mpath,
                    "sha256", &msha, "kind", &kind, "data", "spec", &spec, "sha256", &dsha, "certificate", "norm", &norm,
                    "bound", &bound, "domain", &dom, "rel_tol", &rel_tol, "delta_max", &delta_max, "points", &pts) ||
        !json_is_array(pts)) {
        fprintf(stderr, "ntkcert: %s: not an ntkcert certificate report (missing fields)\n", rpath);
        json_decref(r);
        return CLI_BADINPUT;
    }
    const int is_net = !strcmp(kind, "network");
    km_model km = {0};
    nn_model net = {0};
    nc_data ds = {0};
    cert_ctx *cc = NULL;
    ibp_ctx *ic = NULL;
    audit_result *ar = NULL;
    long *idx = NULL;
    double *delta = NULL;
    int rc = CLI_OK;
    char hex[65];
    if (data_sha256_file(mpath, hex, &e)) { rc = cli_error(&e); goto done; }
    if (strcmp(hex, msha)) {
        fprintf(stderr, "ntkcert: %s: the model file changed since %s was written (SHA-256 differs)\n", mpath, rpath);
        rc = CLI_BADINPUT;
        goto done;
    }
    if ((rc = is_net ? cli_load_net_data(mpath, spec, &net, &ds) : cli_load_model_data(mpath, spec, &km, &ds))) goto done;
    unsigned char sha[32];
    data_sha256(&ds, sha);
    data_hex(sha, hex);
    if (strcmp(hex, dsha)) {
        fprintf(stderr, "ntkcert: %s: the data differ from those of %s (SHA-256 differs)\n", spec, rpath);
        rc = CLI_BADINPUT;
        goto done;
    }
    cert_opts o = cert_opts_default();
    o.norm = strcmp(norm, "2") ? BOUND_LINF : BOUND_L2;
    if (!is_net && cert_mode_parse(bound, &o.mode)) {
        fprintf(stderr, "ntkcert: %s: unknown bound '%s'\n", rpath, bound);
        rc = CLI_BADINPUT;
        goto done;
    }
    if (json_is_array(dom)) {
        o.has_domain = 1;
        o.dom_lo = json_number_value(json_array_get(dom, 0));
        o.dom_hi = json_number_value(json_array_get(dom, 1));
    }
    o.rel_tol = rel_tol;
    o.delta_max = delta_max;
    o.precision = (int)prec;
    if (is_net ? ibp_prepare(&ic, &net, &o, &e) : cert_prepare(&cc, &km, &o, &e)) { rc = cli_error(&e); goto done; }
    audit_target tg = {is_net ? NULL : &km, is_net ? &net : NULL, &o};
    if (attack && audit_check(&tg, &e)) { rc = cli_error(&e); goto done; }
    const long np = (long)json_array_size(pts);
    ar = calloc((size_t)np + 1, sizeof *ar);
    idx = calloc((size_t)np + 1, sizeof *idx);
    delta = calloc((size_t)np + 1, sizeof *delta);
    if (!ar || !idx || !delta) { rc = CLI_FAIL; goto done; }
    long nc = 0;
    for (long k = 0; k < np; k++) {
        json_t *p = json_array_get(pts, (size_t)k);
        json_int_t i = 0;
        double label = 0, dk = 0;
        if (json_unpack(p, "{s:I, s:F, s:F}", "index", &i, "label", &label, "delta", &dk) || i < 0 || i >= ds.n ||
            !(label == 1 || label == -1) || !(dk >= 0) || ds.y[i] != label) {
            fprintf(stderr, "ntkcert: %s: point %ld does not match the data (index, label or radius)\n", rpath, k);
            rc = CLI_BADINPUT;
            goto done;
        }
        if (dk > 0) { idx[nc] = (long)i; delta[nc++] = dk; }
    }
    /* the attack looks as far as the whole l_inf box of side delta_max, in l_2 too */
    const double dmax = fmax(delta_max, 1.0) * (o.norm == BOUND_L2 ? sqrt((double)ds.d) : 1.0);
    double t0 = cli_now();
    if (audit_points(&tg, cc, ic, &ds, idx, delta, nc, attack, &ao, dmax, ar, &e)) { rc = cli_error(&e); goto done; }
    double secs = cli_now() - t0, median, worst;
    long viol = audit_summary(ar, delta, nc, &median, &worst), ng = 0;
    for (long k = 0; k < nc; k++) ng += isfinite(ar[k].radius);
    json_t *jp = json_array();
    for (long k = 0; k < nc; k++) {
        const audit_result *q = &ar[k];
        json_array_append_new(jp, json_pack("{s:I, s:f, s:f, s:f, s:b, s:b, s:o, s:o}", "index", (json_int_t)idx[k],
                                            "label", ds.y[idx[k]], "delta", delta[k], "bound", q->bound, "violation",
                                            q->violation, "counterexample", q->counterexample, "attack_radius",
                                            isfinite(q->radius) ? json_real(q->radius) : json_null(), "gap",
                                            isfinite(q->radius) ? json_real(q->radius / delta[k]) : json_null()));
    }
    json_t *root = json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:i, s:{s:s, s:i, s:i, s:I}, s:o, s:{s:I, s:I, s:o, s:o, s:f}}",
                             "tool", "ntkcert", "version", nc_version(), "report", "path", rpath, "model", mpath, "kind",
                             kind, "precision", (int)prec, "attack", "method", attack ? "pgd" : "none", "restarts",
                             ao.restarts, "steps", ao.steps, "seed", (json_int_t)ao.seed, "points", jp, "summary",
                             "checked", (json_int_t)nc, "violations", (json_int_t)viol, "median_gap",
                             isfinite(median) ? json_real(median) : json_null(), "worst_gap",
                             isfinite(worst) ? json_real(worst) : json_null(), "seconds", secs);
    io_out f;
    if (!root || io_out_open(&f, out, &e)) { json_decref(root); rc = root ? cli_error(&e) : CLI_FAIL; goto done; }
    if (json_dumpf(root, f.f, JSON_INDENT(1) | JSON_REAL_PRECISION(17))) {
        io_out_abort(&f);
        json_decref(root);
        fprintf(stderr, "ntkcert: %s: write failed\n", out);
        rc = CLI_FAIL;
        goto done;
    }
    fputc('\n', f.f);
    json_decref(root);
    if (io_out_commit(&f, &e)) { rc = cli_error(&e); goto done; }
    printf("checked:    %ld certified points of %s (MPFI at %ld bits%s)\n", nc, rpath, prec,
           attack ? ", PGD attack" : "");
    printf("violations: %ld\n", viol);
    if (attack) printf("gap:        median %.4g, worst %.4g (attack radius / certified radius, %ld points)\n", median, worst, ng);
    printf("time:       %.2f s (%.3f s per point)\n", secs, nc ? secs / (double)nc : 0.0);
    printf("wrote:      %s\n", out);
    rc = viol ? 3 : CLI_OK;
done:
    free(ar);
    free(idx);
    free(delta);
    cert_free(cc);
    ibp_free(ic);
    km_free(&km);
    nn_model_free(&net);
    data_free(&ds);
    json_decref(r);
    return rc;
}
