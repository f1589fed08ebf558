/* Certificate reports: see report.h. */
#include "ntkcert/report.h"
#include "ntkcert/error.h"
#include "ntkcert/io.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int report_describe_model(report_cert *r, const km_model *m, const char *path, nc_err *e)
{
    r->model_path = path;
    r->kind = "kernel-machine";
    r->loss = loss_name(m->spec.loss.kind);
    r->kernel = ntk_kind_name(m->spec.kernel.kind);
    r->solver = km_solver_name(m->spec.solver);
    r->depth = m->spec.kernel.depth;
    r->lambda = m->spec.lambda;
    r->model_vectors = m->n;
    r->model_train = m->n_train;
    r->d = m->d;
    return data_sha256_file(path, r->model_sha256, e);
}

int report_describe_net(report_cert *r, const nn_model *m, const char *path, nc_err *e)
{
    r->model_path = path;
    r->kind = "network";
    r->loss = loss_name(m->spec.loss.kind);
    r->kernel = "none";
    r->solver = m->spec.batch ? "sgd" : "subgradient";
    r->depth = m->spec.depth;
    r->width = m->spec.width;
    r->centered = m->spec.centered;
    r->lambda = m->spec.lambda;
    r->model_vectors = 0;
    r->model_train = m->n_train;
    r->d = m->net.d;
    return data_sha256_file(path, r->model_sha256, e);
}

void report_summarize(report_cert *r)
{
    report_summary *s = &r->summary;
    double secs = 0, sum = 0, sq = 0;
    long k = 0, correct = 0;
    double *v = malloc((size_t)(r->npoints + 1) * sizeof *v);
    for (long i = 0; i < r->npoints; i++) {
        const report_point *p = &r->points[i];
        secs += p->seconds;
        if (!p->correct) continue;
        correct++;
        if (v) v[k] = p->delta;
        k++;
        sum += p->delta;
        sq += p->delta * p->delta;
    }
    s->count = r->npoints;
    s->correct = correct;
    s->accuracy = r->npoints ? (double)correct / (double)r->npoints : 0;
    s->seconds = secs;
    s->mean = k ? sum / (double)k : 0;
    s->std = k > 1 ? sqrt(fmax(0, (sq - sum * sum / (double)k) / (double)(k - 1))) : 0;
    s->median = s->min = s->max = 0;
    if (k && v) {
        qsort(v, (size_t)k, sizeof *v, cmp_double);
        s->median = k % 2 ? v[k / 2] : 0.5 * (v[k / 2 - 1] + v[k / 2]);
        s->min = v[0];
        s->max = v[k - 1];
    }
    free(v);
}

int report_write_json(const report_cert *r, const char *path, nc_err *e)
{
    json_t *pts = json_array();
    for (long i = 0; i < r->npoints; i++) {
        const report_point *p = &r->points[i];
        json_array_append_new(pts, json_pack("{s:I, s:f, s:f, s:b, s:f, s:f, s:s, s:I, s:f}", "index",
                                             (json_int_t)p->index, "label", p->label, "score", p->score, "correct",
                                             p->correct, "delta", p->delta, "bound", p->bound, "mode",
                                             p->mode ? p->mode : r->bound, "steps", (json_int_t)p->steps, "seconds",
                                             p->seconds));
    }
    const report_summary *s = &r->summary;
    json_t *root = json_pack(
        "{s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s, s:i, s:I, s:b, s:f, s:s, s:I, s:I, s:I},"
        " s:{s:s, s:s, s:I},"
        " s:{s:s, s:s, s:i, s:o, s:f, s:f, s:I, s:I, s:b},"
        " s:o,"
        " s:{s:I, s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:f}}",
        "tool", "ntkcert", "version", nc_version(),
        "model", "path", r->model_path, "sha256", r->model_sha256, "kind", r->kind, "loss", r->loss, "kernel",
        r->kernel, "depth", r->depth, "width", (json_int_t)r->width, "centered", r->centered, "lambda", r->lambda, "solver", r->solver, "vectors", (json_int_t)r->model_vectors, "train_points",
        (json_int_t)r->model_train, "dimension", (json_int_t)r->d,
        "data", "spec", r->data_spec, "sha256", r->data_sha256, "points", (json_int_t)r->npoints,
        "certificate", "norm", r->norm, "bound", r->bound, "precision", r->precision, "domain",
        r->has_domain ? json_pack("[f, f]", r->dom_lo, r->dom_hi) : json_null(), "rel_tol", r->rel_tol, "delta_max",
        r->delta_max, "subset", (json_int_t)r->subset, "seed", (json_int_t)r->seed, "all", r->all,
        "points", pts,
        "summary", "count", (json_int_t)s->count, "correct", (json_int_t)s->correct, "accuracy", s->accuracy, "mean",
        s->mean, "std", s->std, "median", s->median, "min", s->min, "max", s->max, "seconds", s->seconds);
    if (!root) return nc_fail(e, NC_ENOMEM, "%s: could not build the JSON report", path);
    io_out o;
    int rc = io_out_open(&o, path, e);
    if (!rc) {
        /* 17 significant digits: every double reads back exactly */
        if (json_dumpf(root, o.f, JSON_INDENT(1) | JSON_REAL_PRECISION(17)) != 0) {
            io_out_abort(&o);
            rc = nc_fail(e, NC_EIO, "%s: write failed", path);
        } else {
            fputc('\n', o.f);
            rc = io_out_commit(&o, e);
        }
    }
    json_decref(root);
    return rc;
}

int report_write_csv(const report_cert *r, const char *path, nc_err *e)
{
    io_out o;
    int rc = io_out_open(&o, path, e);
    if (rc) return rc;
    fprintf(o.f, "index,label,score,correct,delta,bound,mode,steps,seconds\n");
    for (long i = 0; i < r->npoints; i++) {
        const report_point *p = &r->points[i];
        fprintf(o.f, "%ld,%g,%.17g,%d,%.17g,%.17g,%s,%ld,%.6f\n", p->index, p->label, p->score, p->correct, p->delta,
                p->bound, p->mode ? p->mode : r->bound, p->steps, p->seconds);
    }
    return io_out_commit(&o, e);
}

int report_write_markdown(const report_cert *r, const char *path, nc_err *e)
{
    io_out o;
    int rc = io_out_open(&o, path, e);
    if (rc) return rc;
    const report_summary *s = &r->summary;
    fprintf(o.f, "# Certified robustness: %s\n\n", r->model_path);
    if (r->width)
        fprintf(o.f, "Model: ReLU network of width %ld with %d hidden layer(s)%s, %s loss, lambda %g; data `%s`.\n",
                r->width, r->depth, r->centered ? ", centred output" : "", r->loss, r->lambda, r->data_spec);
    else
        fprintf(o.f, "Model: %s loss, lambda %g, %s kernel with %d hidden layer(s); data `%s`.\n", r->loss, r->lambda,
                r->kernel, r->depth, r->data_spec);
    fprintf(o.f, "Ball: l_%s, bound %s, %s", r->norm, r->bound, r->precision ? "MPFI" : "double intervals");
    if (r->precision) fprintf(o.f, " at %d bits", r->precision);
    if (r->has_domain) fprintf(o.f, ", domain [%g, %g]", r->dom_lo, r->dom_hi);
    fprintf(o.f, ".\n\n| points | accuracy | mean radius | std | median | min | max | time |\n|---|---|---|---|---|---|---|---|\n");
    fprintf(o.f, "| %ld | %.2f%% | %.6g | %.3g | %.6g | %.3g | %.3g | %.2f s |\n\n", s->count, 100 * s->accuracy,
            s->mean, s->std, s->median, s->min, s->max, s->seconds);
    fprintf(o.f, "| index | label | score | radius | bound at radius |\n|---|---|---|---|---|\n");
    for (long i = 0; i < r->npoints; i++) {
        const report_point *p = &r->points[i];
        fprintf(o.f, "| %ld | %+g | %.6g | %.6g | %.3g |\n", p->index, p->label, p->score, p->delta, p->bound);
    }
    return io_out_commit(&o, e);
}
