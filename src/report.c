/* Certificate reports: see report.h. */
#include "ntkcert/report.h"
#include "ntkcert/error.h"
#include "ntkcert/io.h"

#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* Writes root (NULL: it could not be built) to path atomically and frees it. */
static int write_json(json_t *root, const char *path, nc_err *e)
{
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

/* The report's "model" object, from report_describe_model or _net. */
static json_t *model_json(const report_cert *r)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:I, s:b, s:f, s:s, s:I, s:I, s:I}", "path", r->model_path,
                     "sha256", r->model_sha256, "kind", r->kind, "loss", r->loss, "kernel", r->kernel, "depth",
                     r->depth, "width", (json_int_t)r->width, "centered", r->centered, "lambda", r->lambda, "solver",
                     r->solver, "vectors", (json_int_t)r->model_vectors, "train_points", (json_int_t)r->model_train,
                     "dimension", (json_int_t)r->d);
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
        "{s:s, s:s, s:o,"
        " s:{s:s, s:s, s:I},"
        " s:{s:s, s:s, s:i, s:o, s:f, s:f, s:I, s:I, s:b},"
        " s:o,"
        " s:{s:I, s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:f}}",
        "tool", "ntkcert", "version", nc_version(),
        "model", model_json(r),
        "data", "spec", r->data_spec, "sha256", r->data_sha256, "points", (json_int_t)r->npoints,
        "certificate", "norm", r->norm, "bound", r->bound, "precision", r->precision, "domain",
        r->has_domain ? json_pack("[f, f]", r->dom_lo, r->dom_hi) : json_null(), "rel_tol", r->rel_tol, "delta_max",
        r->delta_max, "subset", (json_int_t)r->subset, "seed", (json_int_t)r->seed, "all", r->all,
        "points", pts,
        "summary", "count", (json_int_t)s->count, "correct", (json_int_t)s->correct, "accuracy", s->accuracy, "mean",
        s->mean, "std", s->std, "median", s->median, "min", s->min, "max", s->max, "seconds", s->seconds);
    return write_json(root, path, e);
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

/* ---- training dynamics ---- */

static int join(char *out, size_t cap, const char *dir, const char *name, nc_err *e)
{
    if ((size_t)snprintf(out, cap, "%s/%s", dir, name) >= cap) return nc_fail(e, NC_EINPUT, "%s: path too long", dir);
    return NC_OK;
}

static void width_name(char *buf, size_t cap, long w)
{
    if (w) snprintf(buf, cap, "%ld", w);
    else snprintf(buf, cap, "inf");
}

/* The last record's value of model j in the per-record array a. */
#define AT_T(r, a, j) ((a)[(j) * (r)->nrec + (r)->nrec - 1])

/* The networks' widths m, RMS |f_T - g_T| on training and test points, and
 * ln m / sqrt m; returns their number. */
static int width_table(const dyn_result *r, double *m, double *dtr, double *dte, double *ref)
{
    const int nw = r->nmodels - 1;
    for (int j = 0; j < nw; j++) {
        m[j] = (double)r->width[j + 1];
        dtr[j] = AT_T(r, r->dist_train, j + 1);
        dte[j] = AT_T(r, r->dist_test, j + 1);
        ref[j] = log(m[j]) / sqrt(m[j]);
    }
    return nw;
}

int report_write_dynamics(const dyn_result *r, const dyn_opts *o, const char *what, const char *dir, nc_err *e)
{
    char path[4096], w[32];
    io_out f;
    int rc;
    if ((rc = join(path, sizeof path, dir, "dynamics.csv", e)) || (rc = io_out_open(&f, path, e))) return rc;
    fprintf(f.f, "step,model,width,loss,train_acc,test_acc,dist_train,dist_test,ntk_change\n");
    for (int j = 0; j < r->nmodels; j++)
        for (long t = 0; t < r->nrec; t++) {
            const long k = j * r->nrec + t;
            width_name(w, sizeof w, r->width[j]);
            fprintf(f.f, "%ld,%s,%s,%.17g,%.6g,%.6g,%.17g,%.17g,%.17g\n", r->step[t], j ? "network" : "kernel", w,
                    r->loss[k], r->train_acc[k], r->test_acc[k], r->dist_train[k], r->dist_test[k], r->ntk_change[k]);
        }
    if ((rc = io_out_commit(&f, e))) return rc;

    if ((rc = join(path, sizeof path, dir, "outputs.csv", e)) || (rc = io_out_open(&f, path, e))) return rc;
    fprintf(f.f, "step,model,width,set,index,output\n");
    for (int j = 0; j < r->nmodels; j++) /* one run of rows per series, for plotting with lines */
        for (int set = 0; set < 2; set++) {
            const long nq = set ? r->ntrack_test : r->ntrack_train;
            width_name(w, sizeof w, r->width[j]);
            for (long q = 0; q < nq; q++)
                for (long t = 0; t < r->nrec; t++) {
                    const long k = (j * r->nrec + t) * nq + q;
                    fprintf(f.f, "%ld,%s,%s,%s,%ld,%.17g\n", r->step[t], j ? "network" : "kernel", w,
                            set ? "test" : "train", set ? r->track_test[q] : r->track_train[q],
                            set ? r->out_test[k] : r->out_train[k]);
                }
        }
    if ((rc = io_out_commit(&f, e))) return rc;

    double m[DYN_MAX_WIDTHS], dtr[DYN_MAX_WIDTHS], dte[DYN_MAX_WIDTHS], ref[DYN_MAX_WIDTHS];
    const int nw = width_table(r, m, dtr, dte, ref);
    if ((rc = join(path, sizeof path, dir, "width.csv", e)) || (rc = io_out_open(&f, path, e))) return rc;
    fprintf(f.f, "width,dist_train,dist_test,ntk_change,ln_m_over_sqrt_m\n");
    for (int j = 0; j < nw; j++)
        fprintf(f.f, "%ld,%.17g,%.17g,%.17g,%.17g\n", r->width[j + 1], dtr[j], dte[j], AT_T(r, r->ntk_change, j + 1),
                ref[j]);
    if ((rc = io_out_commit(&f, e))) return rc;

    if ((rc = join(path, sizeof path, dir, "summary.md", e)) || (rc = io_out_open(&f, path, e))) return rc;
    const long T = r->step[r->nrec - 1];
    fprintf(f.f, "# Training dynamics: networks and their kernel machine\n\n%s\n\n", what);
    fprintf(f.f, "Depth %d (hidden layers), %s loss, lambda %g, learning rate %g, %ld steps, %s, seed %llu; "
                 "%ld evaluation points, %ld test points. Networks are centred (f_0 = 0) and regularised %s; "
                 "the kernel machine uses the analytic NTK (g_0 = 0).\n\n",
            o->depth, loss_name(o->loss.kind), o->lambda, o->lr, T,
            o->batch > 0 ? "minibatches" : "full batch", (unsigned long long)o->seed, r->neval, r->ntest,
            o->reg == NN_REG_INIT ? "toward w_0 ((lambda/2)|w - w_0|^2)" : "on the output layer ((lambda/2)|v|^2, Eq. (7))");
    if (o->batch > 0) fprintf(f.f, "Minibatch size %ld.\n\n", o->batch);
    fprintf(f.f, "At step %ld:\n\n| model | width | loss | train acc | test acc | RMS f - g (train) | "
                 "RMS f - g (test) | NTK change | time |\n|---|---|---|---|---|---|---|---|---|\n", T);
    for (int j = 0; j < r->nmodels; j++) {
        width_name(w, sizeof w, r->width[j]);
        fprintf(f.f, "| %s | %s | %.6g | %.4g | %.4g | %.4g | %.4g | %.4g | %.1f s |\n", j ? "network" : "kernel", w,
                AT_T(r, r->loss, j), AT_T(r, r->train_acc, j), AT_T(r, r->test_acc, j), AT_T(r, r->dist_train, j),
                AT_T(r, r->dist_test, j), AT_T(r, r->ntk_change, j), r->seconds[j]);
    }
    if (nw >= 2)
        fprintf(f.f, "\nSlope of log |f_T - g_T| against log width: %.3f (training points), %.3f (test points); "
                     "ln m / sqrt m over the same widths: %.3f (Theorem 3.5).\n",
                dyn_loglog_slope(m, dtr, nw), dyn_loglog_slope(m, dte, nw), dyn_loglog_slope(m, ref, nw));
    return io_out_commit(&f, e);
}

/* Model j's line style: the kernel machine dashed black, each width its colour in every panel. */
static const char *color(int j)
{
    static const char *const c[] = {" dt 2 lc rgb \"black\"", " lc 1", " lc 2", " lc 3", " lc 4", " lc 6", " lc 7", " lc 8"};
    return c[j < 8 ? j : 7];
}

/* The plot commands, for one terminal, into f. */
static void plot_body(FILE *f, const dyn_result *r, const char *ext)
{
    const char *ls = "with lines lw 2";
    char w[32];
    fprintf(f, "set output \"figure1.%s.tmp\"\nset multiplot layout 2,2\nset logscale x\nset xlabel \"step\"\n", ext);
    for (int p = 0; p < 2; p++) { /* (a) a training point, (b) a test point */
        const char *set = p ? "test" : "train";
        long n = p ? r->ntrack_test : r->ntrack_train, idx = n ? (p ? r->track_test[0] : r->track_train[0]) : -1;
        fprintf(f, "unset logscale y\nset title \"(%c) output on %s point %ld\"\nset ylabel \"output\"\nplot ", 'a' + p,
                set, idx);
        for (int j = 0; j < r->nmodels; j++) {
            width_name(w, sizeof w, r->width[j]);
            fprintf(f, "%s\"outputs.csv\" every ::1 using ($1 > 0 ? $1 : NaN):((strcol(3) eq \"%s\" && strcol(4) eq "
                       "\"%s\" && $5 == %ld) ? $6 : NaN) %s%s title \"%s\"",
                    j ? ", " : "", w, set, idx, ls, color(j), j ? w : "kernel (NTK)");
        }
        fprintf(f, "\n");
    }
    fprintf(f, "set logscale y\nset title \"(c) RMS |f - g| on the training points\"\nset ylabel \"|f - g|\"\nplot ");
    for (int j = 1; j < r->nmodels; j++) {
        width_name(w, sizeof w, r->width[j]);
        fprintf(f, "%s\"dynamics.csv\" every ::1 using ($1 > 0 ? $1 : NaN):(strcol(3) eq \"%s\" && $7 > 0 ? $7 : NaN) "
                   "%s%s title \"width %s\"", j > 1 ? ", " : "", w, ls, color(j), w);
    }
    if (r->nmodels < 2) fprintf(f, "NaN notitle");
    fprintf(f, "\nunset logscale y\nset key right top\nset title \"(d) loss (mean over the training points)\"\n"
               "set ylabel \"loss\"\nplot ");
    for (int j = 0; j < r->nmodels; j++) {
        width_name(w, sizeof w, r->width[j]);
        fprintf(f, "%s\"dynamics.csv\" every ::1 using ($1 > 0 ? $1 : NaN):(strcol(3) eq \"%s\" ? $4 : NaN) %s%s "
                   "title \"%s\"", j ? ", " : "", w, ls, color(j), j ? w : "kernel (NTK)");
    }
    fprintf(f, "\nunset multiplot\nset output\nset key left top\n");
    if (r->nmodels < 2) return;
    /* |f_T - g_T| against width with the fitted slopes, and ln m / sqrt m scaled to the first width */
    double m[DYN_MAX_WIDTHS], dtr[DYN_MAX_WIDTHS], dte[DYN_MAX_WIDTHS], ref[DYN_MAX_WIDTHS];
    const int nw = width_table(r, m, dtr, dte, ref);
    fprintf(f, "set output \"width.%s.tmp\"\nset logscale xy\nset autoscale xfix\nset offsets graph 0.05, graph 0.05, 0, 0\nset xlabel \"width m\"\nset ylabel \"RMS |f_T - g_T|\"\n"
               "set title \"distance at step %ld against width: fitted slopes %.3f (training), %.3f (test); "
               "ln m / sqrt m: %.3f\"\n"
               "stats \"width.csv\" every ::1::1 using 2:5 nooutput prefix \"S\"\n"
               "plot \"width.csv\" every ::1 using 1:2 with linespoints lw 2 title \"training points\", "
               "\"width.csv\" every ::1 using 1:3 with linespoints lw 2 title \"test points\", "
               "\"width.csv\" every ::1 using 1:($5 * S_min_x / S_min_y) with lines dt 2 lc rgb \"black\" "
               "title \"ln m / sqrt m (scaled)\"\nunset logscale xy\nset autoscale x\nset offsets\nset output\n", ext,
            r->step[r->nrec - 1], dyn_loglog_slope(m, dtr, nw), dyn_loglog_slope(m, dte, nw), dyn_loglog_slope(m, ref, nw));
}

int report_plot_dynamics(const dyn_result *r, const char *dir, int *plotted, nc_err *e)
{
    char path[4096], from[4096], to[4096];
    *plotted = 0;
    io_out f;
    int rc;
    if ((rc = join(path, sizeof path, dir, "plots.gp", e)) || (rc = io_out_open(&f, path, e))) return rc;
    fprintf(f.f, "# gnuplot script written by ntkcert dynamics; run it in this directory: gnuplot plots.gp\n"
                 "set datafile separator \",\"\nset key left top opaque noenhanced\nset termoption noenhanced\n"
                 "set grid\nset datafile missing \"nan\"\n");
    fprintf(f.f, "if (strstrt(GPVAL_TERMINALS, \"pngcairo\") > 0) { set terminal pngcairo size 1400,1000 noenhanced } "
                 "else { set terminal png size 1400,1000 noenhanced }\n");
    plot_body(f.f, r, "png");
    fprintf(f.f, "set terminal svg size 1400,1000 noenhanced\n");
    plot_body(f.f, r, "svg");
    if ((rc = io_out_commit(&f, e))) return rc;
    const char *prog = getenv("NTKCERT_GNUPLOT");
    if (!prog || !*prog) prog = "gnuplot";
    pid_t pid = fork();
    if (pid < 0) return nc_fail(e, NC_EIO, "%s: cannot start %s", dir, prog);
    if (pid == 0) { /* gnuplot's chatter goes to plots.log */
        if (chdir(dir) != 0) _exit(126);
        int fd = open("plots.log", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) { dup2(fd, 1); dup2(fd, 2); close(fd); }
        execlp(prog, prog, "plots.gp", (char *)NULL);
        _exit(127);
    }
    int st;
    if (waitpid(pid, &st, 0) < 0) return nc_fail(e, NC_EIO, "%s: lost %s", dir, prog);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 127) { /* not installed */
        snprintf(from, sizeof from, "%s/plots.log", dir);
        unlink(from);
        return NC_OK;
    }
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        return nc_fail(e, NC_EIO, "%s: %s failed on plots.gp (see plots.log there)", dir, prog);
    static const char *const outs[] = {"figure1.png", "figure1.svg", "width.png", "width.svg"};
    for (size_t k = 0; k < (r->nmodels < 2 ? 2 : 4); k++) {
        snprintf(from, sizeof from, "%s/%s.tmp", dir, outs[k]);
        snprintf(to, sizeof to, "%s/%s", dir, outs[k]);
        if (rename(from, to) != 0) return nc_fail(e, NC_EIO, "%s: %s did not write %s", dir, prog, outs[k]);
    }
    *plotted = 1;
    return NC_OK;
}

int report_write_genbound(const report_gen *g, const char *path, nc_err *e)
{
    const gen_result *r = g->res;
    json_t *curve = json_array();
    for (long k = 0; k < r->grid; k++)
        json_array_append_new(curve, json_pack("{s:f, s:f, s:f, s:f}", "margin", r->curve[k].margin, "margin_loss",
                                               r->curve[k].margin_loss, "complexity", r->curve[k].complexity, "bound",
                                               r->curve[k].bound));
    json_t *test = json_null();
    if (g->test_spec)
        test = json_pack("{s:s, s:I, s:f}", "spec", g->test_spec, "points", (json_int_t)g->test_points, "error",
                         g->test_error);
    json_t *pathk = json_null();
    if (g->net) {
        const train_path *p = g->path;
        pathk = json_pack("{s:I, s:f, s:I, s:f, s:f, s:I, s:I, s:f, s:f, s:I, s:f, s:s}", "points", (json_int_t)p->n,
                          "offset_scale", g->net->offset_scale, "offset_scales", (json_int_t)GEN_SCALES, "norm2",
                          p->norm2, "trace", p->trace, "flips", (json_int_t)p->flips, "flip_points",
                          (json_int_t)p->flip_points, "residual_max", g->net->resid_max, "residual_rms",
                          g->net->resid_rms, "sign_disagreements", (json_int_t)g->net->disagree,
                          "network_train_error", g->net->net_train_error, "caveat", GEN_PATH_CAVEAT);
    }
    json_t *root = json_pack(
        "{s:s, s:s, s:o, s:{s:s, s:s, s:I, s:s, s:o}, s:s,"
        " s:{s:f, s:o, s:I, s:[f, f]},"
        " s:f, s:f,"
        " s:{s:f, s:f, s:f, s:f, s:f, s:f, s:b, s:f},"
        " s:o, s:o, s:o}",
        "tool", "ntkcert", "version", nc_version(), "model", model_json(&g->desc),
        "train", "spec", g->train_spec, "sha256", g->train_sha256, "points", (json_int_t)r->n, "labels",
        g->shuffle_seed >= 0 ? "shuffled" : "true", "shuffle_seed",
        g->shuffle_seed >= 0 ? json_integer(g->shuffle_seed) : json_null(),
        "theorem", GEN_THEOREM,
        "options", "confidence", g->confidence, "margin", g->margin > 0 ? json_real(g->margin) : json_null(), "grid",
        (json_int_t)r->grid, "grid_range", r->curve[0].margin, r->curve[r->grid - 1].margin,
        "trace", r->trace, "norm", r->norm,
        "result", "margin", r->best.margin, "margin_unnormalised", r->best.margin * r->norm, "margin_loss",
        r->best.margin_loss, "complexity", r->best.complexity, "confidence_term", r->confidence_term, "bound",
        r->best.bound, "vacuous", r->best.bound >= 1, "train_error", r->train_error,
        "test", test, "curve", curve, "path", pathk);
    return write_json(root, path, e);
}
