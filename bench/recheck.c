/* Rechecks a certificate report in MPFI: reloads the model and the data it
 * names, and for every certified point evaluates the lower bound at the
 * claimed radius with the MPFI twin at P bits (default 128). Prints how many
 * are verified > 0. A measurement for the closing notes; the audit command
 * (a later issue) does this and more.  Usage: recheck REPORT.json [P] */
#include "ntkcert/cert.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 2) { fprintf(stderr, "usage: recheck REPORT.json [BITS]\n"); return 2; }
    int prec = argc > 2 ? atoi(argv[2]) : 128;
    json_error_t je;
    json_t *r = json_load_file(argv[1], 0, &je);
    if (!r) { fprintf(stderr, "recheck: %s: %s\n", argv[1], je.text); return 2; }
    const char *mpath = json_string_value(json_object_get(json_object_get(r, "model"), "path"));
    const char *spec = json_string_value(json_object_get(json_object_get(r, "data"), "spec"));
    json_t *cert = json_object_get(r, "certificate");
    km_model m;
    nc_data ds;
    nc_err e;
    if (km_load(&m, mpath, &e) || data_load(spec, &ds, &e)) { fprintf(stderr, "recheck: %s\n", e.msg); return 2; }
    cert_opts o = cert_opts_default();
    o.norm = strcmp(json_string_value(json_object_get(cert, "norm")), "2") ? BOUND_LINF : BOUND_L2;
    o.mode = strcmp(json_string_value(json_object_get(cert, "bound")), "paper") ? CERT_TIGHT : CERT_PAPER;
    json_t *dom = json_object_get(cert, "domain");
    if (json_is_array(dom)) {
        o.has_domain = 1;
        o.dom_lo = json_real_value(json_array_get(dom, 0));
        o.dom_hi = json_real_value(json_array_get(dom, 1));
    }
    o.precision = prec;
    cert_ctx *c;
    if (cert_prepare(&c, &m, &o, &e)) { fprintf(stderr, "recheck: %s\n", e.msg); return 2; }
    json_t *pts = json_object_get(r, "points");
    long n = (long)json_array_size(pts), checked = 0, verified = 0;
    double worst = 1e300;
    #pragma omp parallel for schedule(dynamic, 1) reduction(+ : checked, verified)
    for (long k = 0; k < n; k++) {
        json_t *p = json_array_get(pts, (size_t)k);
        double delta = json_real_value(json_object_get(p, "delta"));
        long i = (long)json_integer_value(json_object_get(p, "index"));
        if (!(delta > 0)) continue;
        double lb = -1;
        nc_err le;
        checked++;
        if (cert_bound_at(c, ds.X + i * ds.d, ds.y[i], delta, &lb, &le) == 0 && lb > 0) verified++;
        #pragma omp critical
        if (lb < worst) worst = lb;
    }
    printf("%s: %ld of %ld certified radii verified > 0 by MPFI at %d bits (smallest bound %.3g)\n", argv[1], verified,
           checked, prec, worst);
    cert_free(c);
    km_free(&m);
    data_free(&ds);
    json_decref(r);
    return verified == checked ? 0 : 3;
}
