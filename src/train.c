/* The (sub)gradient core: see train.h. */
#include "ntkcert/train.h"
#include "ntkcert/rng.h"

#include <math.h>
#include <stdlib.h>

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
        double eta = o->schedule == TRAIN_PEGASOS ? o->lr / (1.0 + o->lr * o->lambda * (double)(t - 1)) : o->lr;
        if ((rc = m->step(m->self, idx, b, dl, eta, o->lambda, e))) break;
        if (o->callback && o->callback(o->arg, t, idx, b, out, lsum)) break;
    }
    free(perm); free(out); free(dl);
    return rc;
}
