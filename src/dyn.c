/* Training dynamics, kernel machine and networks side by side: see dyn.h. */
#include "ntkcert/dyn.h"
#include "ntkcert/kernel.h"
#include "ntkcert/km.h"
#include "ntkcert/nn.h"
#include "ntkcert/rng.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

dyn_opts dyn_opts_default(void)
{
    dyn_opts o = {2, {1000, 10000}, 2, NN_REG_INIT, {LOSS_HINGE, 0.0}, 0.01, 0.1, 1000, 0, 0, 1024, 2, 16, 10};
    return o;
}

long dyn_record_steps(const dyn_opts *o, long *step, long cap)
{
    long n = 0, T = o->steps;
    if (n < cap) step[n++] = 0;
    for (int k = 0; n < cap; k++) {
        long t = lround(pow(10.0, (double)k / o->per_decade));
        if (t >= T) break;
        if (t > step[n - 1]) step[n++] = t;
    }
    if (T > 0 && n < cap) step[n++] = T;
    return n;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* What the recording callback needs. */
typedef struct {
    const dyn_opts *o;
    dyn_result *r;
    int model;
    long rec;                  /* the next record */
    const nc_data *test;
    const double *Xe, *ye;     /* evaluation points (neval x d) and labels */
    long *tpos;                /* tracked training points: positions among the evaluation points */
    km_state *st;              /* model 0 */
    const double *Kt;          /* ntest x n: K(test, train) */
    double *ge, *gt;           /* the kernel machine's outputs at every record: nrec x neval, nrec x ntest */
    nn_model *net;             /* models >= 1 */
    double *K0, *K;            /* ntk_sample^2: Theta(w_0), Theta(w_t) */
    double *fe, *ft;           /* neval, ntest */
    int rc;
    nc_err *e;
} observer;

static double rms_diff(const double *a, const double *b, long n)
{
    double s = 0;
    for (long k = 0; k < n; k++) s += (a[k] - b[k]) * (a[k] - b[k]);
    return n ? sqrt(s / (double)n) : 0.0;
}

static double accuracy(const double *f, const double *y, long n)
{
    long c = 0;
    for (long k = 0; k < n; k++) c += y[k] * f[k] > 0;
    return n ? (double)c / (double)n : NAN;
}

static int record(void *arg, long t, const long *idx, long m, const double *out, double batch_loss)
{
    (void)idx; (void)m; (void)out; (void)batch_loss;
    observer *ob = arg;
    dyn_result *r = ob->r;
    if (ob->rec >= r->nrec || t != r->step[ob->rec]) return 0;
    const long ne = r->neval, nt = r->ntest, rec = ob->rec, at = ob->model * r->nrec + rec;
    const double *fe = ob->fe, *ft = ob->ft;
    if (ob->model == 0) {
        for (long k = 0; k < ne; k++) ob->ge[rec * ne + k] = ob->st->g[r->eval_idx[k]];
        if (nt) cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)nt, (int)ob->st->n, 1.0, ob->Kt, (int)ob->st->n, ob->st->a,
                            1, 0.0, ob->gt + rec * nt, 1);
        fe = ob->ge + rec * ne;
        ft = ob->gt + rec * nt;
        r->dist_train[at] = r->dist_test[at] = r->ntk_change[at] = 0.0;
    } else {
        if ((ob->rc = nn_predict(ob->net, ob->Xe, ne, ob->net->net.d, ob->fe, ob->e))) return 1;
        if (nt && (ob->rc = nn_predict(ob->net, ob->test->X, nt, ob->test->d, ob->ft, ob->e))) return 1;
        r->dist_train[at] = rms_diff(fe, ob->ge + rec * ne, ne);
        r->dist_test[at] = nt ? rms_diff(ft, ob->gt + rec * nt, nt) : NAN;
        r->ntk_change[at] = NAN;
        const long ns = ob->o->ntk_sample < ne ? ob->o->ntk_sample : ne;
        if (ns > 0) {
            double *K = rec == 0 ? ob->K0 : ob->K;
            if ((ob->rc = nn_entk_gram(&ob->net->net, ob->Xe, ns, K, ob->e))) return 1;
            double num = 0, den = 0;
            for (long k = 0; k < ns * ns; k++) {
                num += (K[k] - ob->K0[k]) * (K[k] - ob->K0[k]);
                den += ob->K0[k] * ob->K0[k];
            }
            r->ntk_change[at] = den > 0 ? sqrt(num / den) : NAN;
        }
    }
    double l = 0;
    for (long k = 0; k < ne; k++) l += loss_value(&ob->o->loss, fe[k], ob->ye[k]);
    r->loss[at] = ne ? l / (double)ne : NAN;
    r->train_acc[at] = accuracy(fe, ob->ye, ne);
    r->test_acc[at] = nt ? accuracy(ft, ob->test->y, nt) : NAN;
    for (long k = 0; k < r->ntrack_train; k++) r->out_train[at * r->ntrack_train + k] = fe[ob->tpos[k]];
    for (long k = 0; k < r->ntrack_test; k++) r->out_test[at * r->ntrack_test + k] = ft[r->track_test[k]];
    return ++ob->rec == r->nrec; /* the last record: stop */
}

int dyn_check(const dyn_opts *o, nc_err *e)
{
    if (o->reg != NN_REG_OUTPUT && o->reg != NN_REG_INIT)
        return nc_fail(e, NC_EINPUT, "dynamics: regulariser %d is not 0 (output layer) or 1 (toward w_0)", o->reg);
    if (o->depth < 1 || o->depth > 100) return nc_fail(e, NC_EINPUT, "dynamics: depth %d is not in 1..100", o->depth);
    if (o->nwidths < 0 || o->nwidths > DYN_MAX_WIDTHS)
        return nc_fail(e, NC_EINPUT, "dynamics: %d widths (at most %d)", o->nwidths, DYN_MAX_WIDTHS);
    for (int j = 0; j < o->nwidths; j++)
        if (o->widths[j] < 1) return nc_fail(e, NC_EINPUT, "dynamics: width %ld is not >= 1", o->widths[j]);
    if (o->steps < 0) return nc_fail(e, NC_EINPUT, "dynamics: steps %ld < 0", o->steps);
    if (o->per_decade < 1 || o->per_decade > 64)
        return nc_fail(e, NC_EINPUT, "dynamics: %d records per decade is not in 1..64", o->per_decade);
    if (o->eval < 0 || o->track < 0 || o->ntk_sample < 0)
        return nc_fail(e, NC_EINPUT, "dynamics: negative evaluation, tracked or NTK sample size");
    if (!(o->lr > 0) || !isfinite(o->lr)) return nc_fail(e, NC_EINPUT, "dynamics: learning rate %g is not > 0", o->lr);
    if (!(o->lambda >= 0) || !isfinite(o->lambda)) return nc_fail(e, NC_EINPUT, "dynamics: lambda %g is not >= 0", o->lambda);
    if (o->batch < 0) return nc_fail(e, NC_EINPUT, "dynamics: batch %ld < 0", o->batch);
    return NC_OK;
}

static int check(const nc_data *tr, const nc_data *te, const dyn_opts *o, nc_err *e)
{
    int rc = dyn_check(o, e);
    if (rc) return rc;
    if (tr->n < 1) return nc_fail(e, NC_EINPUT, "dynamics: no training points");
    if (te && te->d != tr->d)
        return nc_fail(e, NC_EINPUT, "dynamics: test points of dimension %ld, training points of %ld", te->d, tr->d);
    if (loss_is_classification(o->loss.kind))
        for (int s = 0; s < 2; s++) {
            const nc_data *ds = s ? te : tr;
            for (long i = 0; ds && i < ds->n; i++)
                if (ds->y[i] != 1 && ds->y[i] != -1)
                    return nc_fail(e, NC_EINPUT, "dynamics: the %s loss needs labels -1/+1 (%s label %g at %ld)",
                                   loss_name(o->loss.kind), s ? "test" : "training", ds->y[i], i);
        }
    return NC_OK;
}

#define ALLOC(p, k) ((p) = calloc((size_t)(k) + 1, sizeof *(p)))

int dyn_run(const nc_data *tr, const nc_data *te, const dyn_opts *o, dyn_result *r, nc_err *e)
{
    memset(r, 0, sizeof *r);
    int rc = check(tr, te, o, e);
    if (rc) return rc;
    const long n = tr->n, d = tr->d, nt = te ? te->n : 0;
    const long cap = 64L * 20 + 2;
    const int M = 1 + o->nwidths;
    double *K = NULL, *Kt = NULL, *Xe = NULL, *ye = NULL, *a = NULL, *g = NULL, *ge = NULL, *gt = NULL;
    double *K0 = NULL, *Kw = NULL, *fe = NULL, *ft = NULL;
    long *tpos = NULL, *all = NULL;
    r->nmodels = M;
    if (!ALLOC(r->step, cap) || !ALLOC(r->width, M) || !ALLOC(r->eval_idx, n) || !ALLOC(all, n > nt ? n : nt))
        goto nomem;
    r->nrec = dyn_record_steps(o, r->step, cap);
    for (int j = 0; j < o->nwidths; j++) r->width[j + 1] = o->widths[j];
    /* evaluation points: a seeded sample of the training set */
    for (long i = 0; i < n; i++) r->eval_idx[i] = i;
    r->neval = rng_pick(o->seed, r->eval_idx, n, o->eval > 0 ? o->eval : n);
    r->ntest = nt;
    r->ntrack_train = o->track < r->neval ? o->track : r->neval;
    r->ntrack_test = o->track < nt ? o->track : nt;
    if (!ALLOC(tpos, r->neval) || !ALLOC(r->track_train, r->ntrack_train) || !ALLOC(r->track_test, r->ntrack_test))
        goto nomem;
    for (long k = 0; k < r->neval; k++) tpos[k] = k;
    rng_pick(o->seed + 1, tpos, r->neval, r->ntrack_train);
    for (long k = 0; k < r->ntrack_train; k++) r->track_train[k] = r->eval_idx[tpos[k]];
    for (long k = 0; k < nt; k++) all[k] = k;
    rng_pick(o->seed + 2, all, nt, r->ntrack_test);
    for (long k = 0; k < r->ntrack_test; k++) r->track_test[k] = all[k];
    const long ne = r->neval, R = r->nrec * M;
    if (!ALLOC(r->loss, R) || !ALLOC(r->train_acc, R) || !ALLOC(r->test_acc, R) || !ALLOC(r->dist_train, R) ||
        !ALLOC(r->dist_test, R) || !ALLOC(r->ntk_change, R) || !ALLOC(r->out_train, R * r->ntrack_train) ||
        !ALLOC(r->out_test, R * r->ntrack_test) || !ALLOC(r->seconds, M))
        goto nomem;
    if (!ALLOC(Xe, ne * d) || !ALLOC(ye, ne) || !ALLOC(a, n) || !ALLOC(g, n) || !ALLOC(ge, r->nrec * ne) ||
        !ALLOC(gt, r->nrec * nt) || !ALLOC(fe, ne) || !ALLOC(ft, nt))
        goto nomem;
    for (long k = 0; k < ne; k++) {
        memcpy(Xe + k * d, tr->X + r->eval_idx[k] * d, (size_t)d * sizeof *Xe);
        ye[k] = tr->y[r->eval_idx[k]];
    }
    const long ns = o->ntk_sample < ne ? o->ntk_sample : ne;
    if (!ALLOC(K0, ns * ns) || !ALLOC(Kw, ns * ns)) goto nomem;

    /* the kernel machine, g_0 = 0 */
    double t0 = now();
    ntk_params kp = ntk_default();
    kp.depth = o->depth;
    if (!(K = ntk_gram_alloc(n, n, e)) || (nt && !(Kt = ntk_gram_alloc(nt, n, e)))) { rc = NC_ENOMEM; goto done; }
    if ((rc = ntk_gram(&kp, tr->X, n, NULL, n, d, K, e))) goto done;
    if (nt && (rc = ntk_gram(&kp, te->X, nt, tr->X, n, d, Kt, e))) goto done;
    km_state st = {K, n, a, g};
    train_model tm = km_train_model(&st);
    observer ob = {o, r, 0, 0, te, Xe, ye, tpos, &st, Kt, ge, gt, NULL, K0, Kw, fe, ft, NC_OK, e};
    train_opts to = {o->loss, o->lambda, o->lr, TRAIN_CONSTANT, o->steps, o->batch, o->seed, record, &ob};
    if ((rc = train_run(&tm, tr->y, &to, e)) || (rc = ob.rc)) goto done;
    r->seconds[0] = now() - t0;

    /* the networks, centred: f_0 = 0 */
    const long b = o->batch > 0 && o->batch < n ? o->batch : n, per_epoch = n / b;
    for (int j = 1; j < M; j++) {
        t0 = now();
        nn_spec s = {r->width[j], o->depth, 1, o->reg, o->loss, o->lambda, o->lr,
                     (o->steps + per_epoch - 1) / per_epoch, o->batch, o->seed};
        nn_model net;
        ob.model = j;
        ob.rec = 0;
        ob.net = &net;
        if ((rc = nn_train_observe(&net, &s, tr, record, &ob, e))) goto done; /* it freed net */
        nn_model_free(&net);
        if ((rc = ob.rc)) goto done;
        r->seconds[j] = now() - t0;
    }
    goto done;
nomem:
    rc = nc_fail(e, NC_ENOMEM, "dynamics: out of memory");
done:
    free(K); free(Kt); free(Xe); free(ye); free(a); free(g); free(ge); free(gt);
    free(K0); free(Kw); free(fe); free(ft); free(tpos); free(all);
    if (rc) dyn_free(r);
    return rc;
}

void dyn_free(dyn_result *r)
{
    free(r->step); free(r->width); free(r->eval_idx); free(r->track_train); free(r->track_test);
    free(r->loss); free(r->train_acc); free(r->test_acc); free(r->dist_train); free(r->dist_test);
    free(r->ntk_change); free(r->out_train); free(r->out_test); free(r->seconds);
    memset(r, 0, sizeof *r);
}

double dyn_loglog_slope(const double *x, const double *y, long n)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    long k = 0;
    for (long i = 0; i < n; i++) {
        if (!(x[i] > 0 && y[i] > 0)) continue;
        double u = log(x[i]), v = log(y[i]);
        sx += u; sy += v; sxx += u * u; sxy += u * v;
        k++;
    }
    double den = (double)k * sxx - sx * sx;
    return k >= 2 && den > 0 ? ((double)k * sxy - sx * sy) / den : NAN;
}
