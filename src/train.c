/* The (sub)gradient core: see train.h. */
#include "ntkcert/train.h"
#include "ntkcert/rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The step size of step t >= 1. */
static double step_size(const train_opts *o, long t)
{
    return o->schedule == TRAIN_PEGASOS ? o->lr / (1.0 + o->lr * o->lambda * (double)(t - 1)) : o->lr;
}

int train_run(const train_model *m, const double *y, const train_opts *o, nc_err *e)
{
    const long n = m->n, b = o->batch > 0 && o->batch < n ? o->batch : n;
    if (n < 1) return nc_fail(e, NC_EINPUT, "train: no training points");
    if (!(o->lr > 0) || !isfinite(o->lr)) return nc_fail(e, NC_EINPUT, "train: learning rate %g is not > 0", o->lr);
    if (!(o->lambda >= 0) || !isfinite(o->lambda)) return nc_fail(e, NC_EINPUT, "train: lambda %g is not >= 0", o->lambda);
    if (o->steps < 0) return nc_fail(e, NC_EINPUT, "train: steps %ld < 0", o->steps);
    long *perm = malloc((size_t)n * sizeof *perm);
    double *out = malloc((size_t)b * sizeof *out), *dl = malloc((size_t)b * sizeof *dl);
    if (!perm || !out || !dl) {
        free(perm); free(out); free(dl);
        return nc_fail(e, NC_ENOMEM, "train: out of memory");
    }
    for (long i = 0; i < n; i++) perm[i] = i;
    rng_t r;
    rng_seed(&r, o->seed);
    const double scale = (double)n / (double)b;
    long pos = n; /* next unused index of the current epoch's shuffle */
    int rc = NC_OK;
    const long steps = o->callback && o->callback(o->arg, 0, NULL, 0, NULL, 0.0) ? 0 : o->steps;
    for (long t = 1; t <= steps && rc == NC_OK; t++) {
        const long *idx = perm;
        if (b < n) {
            if (pos + b > n) { /* new epoch: Fisher-Yates */
                for (long i = n - 1; i > 0; i--) {
                    long j = (long)rng_below(&r, (uint64_t)i + 1), tmp = perm[i];
                    perm[i] = perm[j];
                    perm[j] = tmp;
                }
                pos = 0;
            }
            idx = perm + pos;
            pos += b;
        }
        if ((rc = m->outputs(m->self, idx, b, out, e))) break;
        double lsum = 0;
        for (long k = 0; k < b; k++) {
            lsum += loss_value(&o->loss, out[k], y[idx[k]]);
            dl[k] = scale * loss_deriv(&o->loss, out[k], y[idx[k]]);
        }
        if ((rc = m->step(m->self, idx, b, dl, step_size(o, t), o->lambda, e))) break;
        if (o->callback && o->callback(o->arg, t, idx, b, out, lsum)) break;
    }
    free(perm); free(out); free(dl);
    return rc;
}

/* ---- Theorem 4.1's path kernel (train.h) ---- */

typedef struct {
    const train_model *m;
    train_ntk ntk;
    const double *y;
    const train_opts *o;
    train_path *p;
    double *theta; /* the tangent kernel before the next step */
    double *u;     /* s |l'_j|, then s a_j |l'_j|, over the batch */
    char *flipped;
    int rc;
    nc_err *e;
} path_rec;

static int path_step(void *arg, long t, const long *idx, long nb, const double *out, double lsum)
{
    path_rec *r = arg;
    train_path *p = r->p;
    const long n = p->n;
    if (t == 0) {
        long *all = calloc((size_t)n, sizeof *all);
        if (!all) { r->rc = nc_fail(r->e, NC_ENOMEM, "train: out of memory for the path kernel"); return 1; }
        for (long i = 0; i < n; i++) all[i] = i;
        r->rc = r->m->outputs(r->m->self, all, n, p->b, r->e);
        free(all);
        if (r->rc) return 1;
        for (long j = 0; j < n; j++) {
            double l = loss_deriv(&r->o->loss, p->b[j], r->y[j]);
            p->a[j] = l > 0 ? -1.0 : l < 0 ? 1.0 : 0.0;
        }
    } else {
        const double eta = step_size(r->o, t), shrink = 1.0 - eta * r->o->lambda, s = (double)n / (double)nb;
        for (long k = 0; k < n * n; k++) p->K[k] *= shrink;
        for (long i = 0; i < n; i++) p->b[i] *= shrink;
        p->norm2 *= shrink;
        p->trace *= shrink;
        for (long i = 0; i < n; i++) p->trace += eta * r->theta[i * n + i];
        for (long k = 0; k < nb; k++) {
            const long j = idx[k];
            const double l = loss_deriv(&r->o->loss, out[k], r->y[j]), c = s * fabs(l);
            if (l != 0 && (l > 0 ? -1.0 : 1.0) != p->a[j]) {
                p->flips++;
                if (!r->flipped[j]) p->flip_points++;
                r->flipped[j] = 1;
            }
            r->u[k] = c;
        }
        for (long i = 0; i < n; i++) /* row by row: K and theta are row-major */
            for (long k = 0; k < nb; k++) p->K[i * n + idx[k]] += eta * r->u[k] * r->theta[i * n + idx[k]];
        for (long k = 0; k < nb; k++) r->u[k] *= p->a[idx[k]];
        double q = 0;
        for (long k = 0; k < nb; k++)
            for (long k2 = 0; k2 < nb; k2++) q += r->u[k] * r->u[k2] * r->theta[idx[k] * n + idx[k2]];
        p->norm2 += eta * q;
    }
    if (t < r->o->steps && (r->rc = r->ntk(r->m->self, r->theta, r->e))) return 1;
    return r->o->callback ? r->o->callback(r->o->arg, t, idx, nb, out, lsum) : 0;
}

int train_run_path(const train_model *m, train_ntk ntk, const double *y, const train_opts *opts, train_path *p,
                   nc_err *e)
{
    memset(p, 0, sizeof *p);
    const long n = m->n;
    for (long t = 1; t <= opts->steps; t++)
        if (!(step_size(opts, t) * opts->lambda < 1))
            return nc_fail(e, NC_EINPUT, "train: the path kernel needs lr lambda < 1 (step %ld: %g)", t,
                           step_size(opts, t) * opts->lambda);
    const size_t nn = (size_t)n * (size_t)n;
    path_rec r = {m, ntk, y, opts, p, malloc(nn * sizeof(double)), malloc((size_t)n * sizeof(double)),
                  calloc((size_t)n, 1), NC_OK, e};
    p->n = n;
    p->K = calloc(nn, sizeof(double));
    p->a = malloc((size_t)n * sizeof(double));
    p->b = malloc((size_t)n * sizeof(double));
    int rc = NC_OK;
    if (!r.theta || !r.u || !r.flipped || !p->K || !p->a || !p->b)
        rc = nc_fail(e, NC_ENOMEM, "train: out of memory for the path kernel of %ld points (two %ld x %ld matrices)", n,
                     n, n);
    if (!rc) {
        train_opts o = *opts;
        o.callback = path_step;
        o.arg = &r;
        rc = train_run(m, y, &o, e);
        if (!rc) rc = r.rc;
    }
    free(r.theta);
    free(r.u);
    free(r.flipped);
    if (rc) train_path_free(p);
    return rc;
}

void train_path_free(train_path *p)
{
    free(p->K);
    free(p->a);
    free(p->b);
    memset(p, 0, sizeof *p);
}
