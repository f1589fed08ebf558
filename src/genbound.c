/* genbound.c: the margin bound of genbound.h. */
#include "ntkcert/genbound.h"
#include "ntkcert/kernel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double gen_error(const double *score, const double *y, long n)
{
    long wrong = 0;
    for (long i = 0; i < n; i++) wrong += !(y[i] * score[i] > 0);
    return n ? (double)wrong / (double)n : 0;
}

gen_opts gen_opts_default(void) { return (gen_opts){0.05, 0.0}; }

int gen_check(const gen_opts *o, nc_err *e)
{
    if (!(o->confidence > 0 && o->confidence < 1))
        return nc_fail(e, NC_EINPUT, "confidence %g is not in (0, 1)", o->confidence);
    if (!(o->margin >= 0 && isfinite(o->margin)))
        return nc_fail(e, NC_EINPUT, "margin %g is not a positive number", o->margin);
    return NC_OK;
}

/* The bound at normalised margin rho; t[i] = y_i g(x_i) / B. */
static gen_point at_margin(const double *t, long n, double rho, double sqrt_trace, double conf)
{
    gen_point p = {rho, 0, 0, 0};
    double loss = 0;
    for (long i = 0; i < n; i++) loss += fmin(1.0, fmax(0.0, 1.0 - t[i] / rho));
    p.margin_loss = loss / (double)n;
    p.complexity = 2.0 / rho * sqrt_trace / (double)n;
    p.bound = p.margin_loss + p.complexity + conf;
    return p;
}

int gen_margin_bound(const double *score, const double *y, long n, double trace, double norm2,
                     const gen_opts *o, gen_result *r, nc_err *e)
{
    memset(r, 0, sizeof *r);
    int rc = gen_check(o, e);
    if (rc) return rc;
    if (n < 1) return nc_fail(e, NC_EINPUT, "no training points");
    if (!(trace > 0 && isfinite(trace))) return nc_fail(e, NC_EINPUT, "the kernel's trace %g is not positive", trace);
    if (!(norm2 > 0 && isfinite(norm2)))
        return nc_fail(e, NC_EINPUT, "the model's squared norm %g is not positive (a constant model)", norm2);
    for (long i = 0; i < n; i++) {
        if (!(y[i] == 1 || y[i] == -1))
            return nc_fail(e, NC_EINPUT, "training label %g (point %ld) is not -1 or +1", y[i], i);
        if (!isfinite(score[i])) return nc_fail(e, NC_EINPUT, "the model's output at training point %ld is not finite", i);
    }
    r->grid = o->margin > 0 ? 1 : GEN_GRID;
    double *t = malloc((size_t)n * sizeof *t);
    r->curve = malloc((size_t)r->grid * sizeof *r->curve);
    if (!t || !r->curve) {
        free(t);
        gen_result_free(r);
        return nc_fail(e, NC_ENOMEM, "out of memory for the margin bound");
    }
    r->n = n;
    r->trace = trace;
    r->norm = sqrt(norm2);
    r->train_error = gen_error(score, y, n);
    r->confidence_term = 3.0 * sqrt(log(2.0 * (double)r->grid / o->confidence) / (2.0 * (double)n));
    for (long i = 0; i < n; i++) t[i] = y[i] * score[i] / r->norm;
    for (long k = 0; k < r->grid; k++) {
        double rho = o->margin > 0 ? o->margin : exp2((double)(k - GEN_GRID_ZERO) / 4.0);
        r->curve[k] = at_margin(t, n, rho, sqrt(trace), r->confidence_term);
        if (k == 0 || r->curve[k].bound < r->best.bound) r->best = r->curve[k];
    }
    free(t);
    return NC_OK;
}

double gen_trace(const km_model *m, const double *X, long n, long d)
{
    double tr = 0;
    const double extra = (m->spec.constant_feature ? 1.0 : 0.0) + (m->spec.intercept ? 1.0 : 0.0);
    for (long i = 0; i < n; i++) tr += ntk_eval_vec(&m->spec.kernel, d, X + i * d, X + i * d) + extra;
    return tr;
}

/* NC_EINPUT unless train hashes to sha, the training data's SHA-256. */
static int same_data(const nc_data *train, const unsigned char sha[32], nc_err *e)
{
    unsigned char got[32];
    data_sha256(train, got);
    if (memcmp(got, sha, sizeof got))
        return nc_fail(e, NC_EINPUT,
                       "the training data differ from the model's (SHA-256); the bound needs the sample it was trained "
                       "on (the same spec, and --shuffle-labels if it was trained with it)");
    return NC_OK;
}

int gen_km(const km_model *m, const nc_data *train, const gen_opts *o, gen_result *r, nc_err *e)
{
    memset(r, 0, sizeof *r);
    if (same_data(train, m->data_sha256, e)) return NC_EINPUT;
    double *g = malloc((size_t)(train->n + m->n + 1) * sizeof *g), *gsv = g + train->n;
    if (!g) return nc_fail(e, NC_ENOMEM, "out of memory for the margin bound");
    /* |w'|^2 = alpha^T (K + c) alpha + b^2, and (K + c) alpha is g - b at the stored vectors */
    int rc = km_predict(m, train->X, train->n, train->d, g, e);
    if (!rc) rc = km_predict(m, m->X, m->n, m->d, gsv, e);
    if (!rc) {
        double norm2 = m->b * m->b;
        for (long j = 0; j < m->n; j++) norm2 += m->alpha[j] * (gsv[j] - m->b);
        rc = gen_margin_bound(g, train->y, train->n, gen_trace(m, train->X, train->n, train->d), norm2, o, r, e);
    }
    free(g);
    return rc;
}

int gen_net(const nn_model *m, const nc_data *train, const gen_opts *o, gen_result *r, gen_net_info *info,
            nc_err *e)
{
    memset(r, 0, sizeof *r);
    memset(info, 0, sizeof *info);
    if (same_data(train, m->data_sha256, e)) return NC_EINPUT;
    const train_path *p = &m->path;
    if (p->n != train->n)
        return nc_fail(e, NC_EINPUT, "the network has no path kernel (train it with nn train --record-path-kernel)");
    const long n = p->n;
    double *f = malloc((size_t)n * 2 * sizeof *f), *h = f + n;
    if (!f) return nc_fail(e, NC_ENOMEM, "out of memory for the margin bound");
    int rc = nn_predict(m, train->X, n, train->d, f, e);
    if (!rc) {
        double bb = 0, sq = 0;
        for (long i = 0; i < n; i++) {
            h[i] = p->b[i];
            for (long j = 0; j < n; j++) h[i] += p->K[i * n + j] * p->a[j];
            bb += p->b[i] * p->b[i];
            double d = f[i] - h[i];
            info->resid_max = fmax(info->resid_max, fabs(d));
            sq += d * d;
            info->disagree += (f[i] > 0) != (h[i] > 0);
        }
        info->resid_rms = sqrt(sq / (double)n);
        info->net_train_error = gen_error(f, train->y, n);
        gen_opts oc = *o;
        oc.confidence = o->confidence / GEN_SCALES;
        for (int k = 0; !rc && k < GEN_SCALES; k++) {
            const double c = exp2((double)(k - GEN_SCALES / 2) / 4.0);
            gen_result rk;
            if ((rc = gen_margin_bound(h, train->y, n, p->trace + c * c * bb, p->norm2 + 1.0 / (c * c), &oc, &rk, e)))
                break;
            if (k == 0 || rk.best.bound < r->best.bound) {
                gen_result_free(r);
                *r = rk;
                info->offset_scale = c;
            } else {
                gen_result_free(&rk);
            }
        }
    }
    free(f);
    return rc;
}

void gen_result_free(gen_result *r)
{
    free(r->curve);
    memset(r, 0, sizeof *r);
}
