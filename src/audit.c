/* Counterexample search: see audit.h. */
#include "ntkcert/audit.h"
#include "ntkcert/ibp.h"
#include "ntkcert/mpinterval.h"
#include "ntkcert/rng.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

audit_opts audit_opts_default(void)
{
    audit_opts a = {3, 30, 0, 6};
    return a;
}

int audit_check(const audit_target *t, nc_err *e)
{
    if (!t->km == !t->net) return nc_fail(e, NC_EINPUT, "audit: give a kernel machine or a network");
    if (t->km) {
        const ntk_params *p = &t->km->spec.kernel;
        if (p->kind != NTK_NTK || p->depth != 1 || p->bias_var != 0)
            return nc_fail(e, NC_EINPUT, "audit: the attack's analytic gradient covers the two-layer NTK without bias only "
                                         "(use --attack none)");
    }
    return NC_OK;
}

/* What the attack's gradient steps reuse: the training points' norms and
 * nonzero entries (pixels are mostly 0: the products below read a fifth of
 * the memory of dense ones), and work space for R points at once. */
typedef struct {
    long R;
    double *nz, *work, *val;
    long *start;
    int *col;
} grad_ws;

static int grad_ws_init(grad_ws *w, const audit_target *t, long R)
{
    const long d = t->net ? t->net->net.d : t->km->d, n = t->net ? 0 : t->km->n;
    w->R = R;
    w->nz = malloc((size_t)(n + 1) * sizeof *w->nz);
    w->start = malloc((size_t)(n + 1) * sizeof *w->start);
    w->work = malloc((size_t)R * (size_t)(t->net ? d + 1 : n + 3) * sizeof *w->work);
    if (!w->nz || !w->start || !w->work) return NC_ENOMEM;
    long nnz = 0;
    for (long i = 0; i < n * d; i++) nnz += t->km->X[i] != 0;
    w->val = malloc((size_t)(nnz + 1) * sizeof *w->val);
    w->col = malloc((size_t)(nnz + 1) * sizeof *w->col);
    if (!w->val || !w->col) return NC_ENOMEM;
    w->start[0] = 0;
    for (long i = 0, q = 0; i < n; i++) {
        const double *xi = t->km->X + i * d;
        double s = 0;
        for (long k = 0; k < d; k++)
            if (xi[k] != 0) { w->val[q] = xi[k]; w->col[q++] = (int)k; s += xi[k] * xi[k]; }
        w->nz[i] = sqrt(s);
        w->start[i + 1] = q;
    }
    return NC_OK;
}

static void grad_ws_free(grad_ws *w)
{
    free(w->nz); free(w->work); free(w->val); free(w->start); free(w->col);
}

/* For the R rows x of X: F[r] = f(x) and row r of G its gradient, in double. */
static int value_grad(const audit_target *t, grad_ws *w, const double *X, double *F, double *G, nc_err *e)
{
    const long R = w->R;
    if (t->net) {
        int rc = nn_input_gradient(&t->net->net, X, R, F, G, e);
        if (!rc && t->net->spec.centered) {
            const long d = t->net->net.d;
            double *F0 = w->work, *G0 = w->work + R;
            if ((rc = nn_input_gradient(&t->net->init, X, R, F0, G0, e))) return rc;
            for (long r = 0; r < R; r++) F[r] -= F0[r];
            cblas_daxpy((int)(R * d), -1.0, G0, 1, G, 1);
        }
        return rc;
    }
    /* g(x) = sum_i alpha_i (|x||x_i| h(u_i) / (2 pi d) + c) + b, u_i = <x,x_i>/(|x||x_i|);
     * d/dx of one term: [(|x_i|/|x|)(1 - 2u^2)/s x + (2(pi - acos u) + u/s) x_i] / (2 pi d), s = sqrt(1-u^2) */
    const km_model *m = t->km;
    const long n = m->n, d = m->d;
    double *coef = w->work, *ax = coef + n * R, *nx = ax + R, *dot = nx + R;
    const double c2 = 1.0 / (2 * M_PI * (double)d), cf = m->spec.constant_feature ? 1.0 : 0.0;
    for (long r = 0; r < R; r++) {
        nx[r] = sqrt(cblas_ddot((int)d, X + r * d, 1, X + r * d, 1));
        F[r] = m->b;
        ax[r] = 0;
    }
    memset(G, 0, (size_t)(R * d) * sizeof *G);
    for (long i = 0; i < n; i++) {
        const double nz = w->nz[i];
        for (long r = 0; r < R; r++) dot[r] = 0;
        for (long q = w->start[i]; q < w->start[i + 1]; q++)
            for (long r = 0; r < R; r++) dot[r] += w->val[q] * X[r * d + w->col[q]];
        for (long r = 0; r < R; r++) {
            double *ci = &coef[i * R + r];
            if (nx[r] == 0 || nz == 0) { *ci = 0; F[r] += m->alpha[i] * cf; continue; }
            double u = fmin(1 - 1e-12, fmax(-1 + 1e-12, dot[r] / (nx[r] * nz))), s = sqrt(1 - u * u);
            F[r] += m->alpha[i] * (nx[r] * nz * ntk_h(u) * c2 + cf);
            ax[r] += m->alpha[i] * (nz / nx[r]) * (1 - 2 * u * u) / s * c2;
            *ci = m->alpha[i] * (2 * (M_PI - acos(u)) + u / s) * c2;
        }
        for (long q = w->start[i]; q < w->start[i + 1]; q++)
            for (long r = 0; r < R; r++) G[r * d + w->col[q]] += coef[i * R + r] * w->val[q];
    }
    for (long r = 0; r < R; r++) cblas_daxpy((int)d, ax[r], X + r * d, 1, G + r * d, 1);
    return NC_OK;
}

/* 1 if y f(x) <= 0 is proven: in MPFI at 256 bits (strict), or in outward
 * rounded double intervals (the certificate's own evaluation at delta 0,
 * much faster for a kernel machine with many terms). */
static int confirm(const audit_target *t, const double *x, double y, int strict, nc_err *e, int *rc)
{
    *rc = NC_OK;
    iv_t F;
    cert_opts o = *t->o;
    o.precision = strict ? 256 : 0;
    o.has_domain = 0;
    o.mode = CERT_TIGHT;
    if (t->net) {
        ibp_ctx *c;
        if ((*rc = ibp_prepare(&c, t->net, &o, e))) return 0;
        *rc = ibp_enclose(c, x, 0.0, &F, e);
        ibp_free(c);
        if (*rc) return 0;
        return y > 0 ? F.hi <= 0 : F.lo >= 0;
    }
    if (!strict) { /* the upper end of y g at x: minus the lower bound of -y g */
        cert_ctx *c;
        double lb;
        if ((*rc = cert_prepare(&c, t->km, &o, e))) return 0;
        *rc = cert_bound_at(c, x, -y, 0.0, &lb, e);
        cert_free(c);
        return !*rc && lb >= 0;
    }
    const km_model *m = t->km;
    const long d = m->d;
    mpfi_t acc, th, dot, nx2, nz2;
    mpfi_ptr all[] = {acc, th, dot, nx2, nz2};
    for (int k = 0; k < 5; k++) mpfi_init2(all[k], 256);
    mpiv_dot(nx2, x, x, d);
    mpfi_set_d(acc, m->b);
    for (long i = 0; i < m->n; i++) {
        const double *xi = m->X + i * d;
        mpiv_dot(dot, x, xi, d);
        mpiv_dot(nz2, xi, xi, d);
        ntk_eval_mp(th, &m->spec.kernel, d, dot, nx2, nz2);
        if (m->spec.constant_feature) mpfi_add_ui(th, th, 1);
        mpfi_mul_d(th, th, m->alpha[i]);
        mpfi_add(acc, acc, th);
    }
    F = mpiv_get_iv(acc);
    for (int k = 0; k < 5; k++) mpfi_clear(all[k]);
    return y > 0 ? F.hi <= 0 : F.lo >= 0;
}

static int attack(const audit_target *t, const double *x0, double y, double delta, const audit_opts *a, int strict,
                  double *x, int *found, nc_err *e);

/* x projected onto the ball around x0 and the domain box. */
static void project(const cert_opts *o, const double *x0, long d, double delta, double *x)
{
    if (o->norm == BOUND_L2) {
        double r = 0;
        for (long k = 0; k < d; k++) r += (x[k] - x0[k]) * (x[k] - x0[k]);
        r = sqrt(r);
        if (r > delta)
            for (long k = 0; k < d; k++) x[k] = x0[k] + (x[k] - x0[k]) * (delta / r) * (1 - 1e-12);
    } else {
        for (long k = 0; k < d; k++) x[k] = fmin(x0[k] + delta, fmax(x0[k] - delta, x[k]));
    }
    if (o->has_domain)
        for (long k = 0; k < d; k++) x[k] = fmin(o->dom_hi, fmax(o->dom_lo, x[k]));
}

int audit_attack(const audit_target *t, const double *x0, double y, double delta, const audit_opts *a, double *x,
                 int *found, nc_err *e)
{
    return attack(t, x0, y, delta, a, 1, x, found, e);
}

/* audit_attack, confirming in MPFI (strict) or double intervals. The
 * restarts run side by side: one gradient step of all of them is one pass
 * over the model's weights or training points. */
static int attack(const audit_target *t, const double *x0, double y, double delta, const audit_opts *a, int strict,
                  double *x, int *found, nc_err *e)
{
    *found = 0;
    int rc = audit_check(t, e);
    if (rc) return rc;
    const long d = t->net ? t->net->net.d : t->km->d, R = a->restarts;
    grad_ws w = {0};
    double *X = malloc((size_t)R * (size_t)d * sizeof *X), *G = malloc((size_t)R * (size_t)d * sizeof *G);
    double *dir = malloc((size_t)R * (size_t)d * sizeof *dir), *F = malloc((size_t)R * sizeof *F);
    int *state = calloc((size_t)R, sizeof *state); /* 0 not moved yet, 1 moving, 2 stuck */
    if (!X || !G || !dir || !F || !state || grad_ws_init(&w, t, R)) {
        rc = nc_fail(e, NC_ENOMEM, "audit: out of memory");
        goto done;
    }
    rng_t rg;
    rng_seed(&rg, a->seed ^ (uint64_t)(delta * 0x1p52));
    const double step = 2.5 * delta / a->steps;
    for (long r = 0; r < R; r++) {
        double *xr = X + r * d;
        for (long k = 0; k < d; k++) xr[k] = x0[k] + (r ? delta * (2 * rng_uniform(&rg) - 1) : 0.0);
        project(t->o, x0, d, delta, xr);
    }
    for (int it = 0; it <= a->steps; it++) {
        if ((rc = value_grad(t, &w, X, F, G, e))) break;
        for (long r = 0; r < R && !*found && !rc; r++) {
            if (state[r] == 2 || !(y * F[r] <= 0)) continue;
            /* double intervals first; they cannot prove f = 0 exactly (zero
             * rounds outward), MPFI can */
            *found = confirm(t, X + r * d, y, strict, e, &rc);
            if (!*found && !rc && !strict) *found = confirm(t, X + r * d, y, 1, e, &rc);
            if (*found) memcpy(x, X + r * d, (size_t)d * sizeof *x);
        }
        if (*found || rc || it == a->steps) break;
        /* descend on y f; where its gradient vanishes (a dead ReLU at a
         * candidate the enclosure could not confirm), keep going the last way */
        int moving = 0;
        for (long r = 0; r < R; r++) {
            double *xr = X + r * d, *gr = G + r * d, *dr = dir + r * d;
            double gn = sqrt(cblas_ddot((int)d, gr, 1, gr, 1));
            if (gn > 0) {
                for (long k = 0; k < d; k++)
                    dr[k] = t->o->norm == BOUND_L2 ? -y * gr[k] / gn : -y * (gr[k] > 0 ? 1.0 : gr[k] < 0 ? -1.0 : 0.0);
                state[r] = 1;
            } else if (state[r] != 1) {
                state[r] = 2;
                continue;
            }
            for (long k = 0; k < d; k++) xr[k] += step * dr[k];
            project(t->o, x0, d, delta, xr);
            moving = 1;
        }
        if (!moving) break;
    }
done:
    grad_ws_free(&w);
    free(X); free(G); free(dir); free(F); free(state);
    return rc;
}

int audit_radius(const audit_target *t, const double *x0, double y, double start, double dmax, const audit_opts *a,
                 double *radius, nc_err *e)
{
    const long d = t->net ? t->net->net.d : t->km->d;
    double *x = malloc((size_t)d * sizeof *x), lo = fmin(start, dmax), hi = INFINITY;
    if (!x) return nc_fail(e, NC_ENOMEM, "audit: out of memory");
    /* an attack that fails costs every step, one that succeeds usually a
     * few: try dmax first, then bisect geometrically down from it */
    int found = 0, rc = attack(t, x0, y, dmax, a, 0, x, &found, e);
    if (!rc && found) hi = dmax;
    for (int b = 0; !rc && isfinite(hi) && (hi > 2 * lo || b < a->bisections); ) {
        double mid = sqrt(lo * hi);
        if ((rc = attack(t, x0, y, mid, a, 0, x, &found, e))) break;
        if (found) hi = mid; else lo = mid;
        if (hi <= 2 * lo) b++;
    }
    free(x);
    *radius = hi;
    return rc;
}

int audit_points(const audit_target *t, const cert_ctx *kc, const ibp_ctx *ic, const nc_data *ds, const long *idx,
                 const double *delta, long n, int with_attack, const audit_opts *a, double dmax, audit_result *r, nc_err *e)
{
    int failed = 0;
    /* OpenBLAS's own threads serialise calls from several threads: one
     * thread per BLAS call while the points run in parallel */
    const int blas_threads = openblas_get_num_threads();
    openblas_set_num_threads(1);
    #pragma omp parallel for schedule(dynamic, 1)
    for (long k = 0; k < n; k++) {
        audit_result *q = &r[k];
        const double *x0 = ds->X + (size_t)idx[k] * (size_t)ds->d;
        const double y = ds->y[idx[k]];
        nc_err le = {0};
        q->bound = NAN;
        q->radius = NAN;
        q->counterexample = 0;
        int lrc = ic ? ibp_bound_at(ic, x0, y, delta[k], &q->bound, &le) : cert_bound_at(kc, x0, y, delta[k], &q->bound, &le);
        if (!lrc && with_attack) {
            double *x = malloc((size_t)ds->d * sizeof *x);
            int found = 0;
            lrc = x ? attack(t, x0, y, delta[k], a, 1, x, &found, &le) : nc_fail(&le, NC_ENOMEM, "audit: out of memory");
            q->counterexample = found;
            if (!lrc) lrc = audit_radius(t, x0, y, found ? delta[k] / 1024 : delta[k], dmax, a, &q->radius, &le);
            free(x);
        }
        q->violation = !(q->bound > 0) || q->counterexample;
        if (lrc) {
            #pragma omp critical
            { failed = 1; *e = le; }
        }
    }
    openblas_set_num_threads(blas_threads);
    return failed ? e->code : NC_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

long audit_summary(const audit_result *r, const double *delta, long n, double *median, double *worst)
{
    double *g = malloc((size_t)(n + 1) * sizeof *g);
    long viol = 0, ng = 0;
    for (long k = 0; k < n; k++) {
        viol += r[k].violation;
        if (g && isfinite(r[k].radius)) g[ng++] = r[k].radius / delta[k];
    }
    *median = *worst = NAN;
    if (g && ng) {
        qsort(g, (size_t)ng, sizeof *g, cmp_double);
        *median = ng % 2 ? g[ng / 2] : 0.5 * (g[ng / 2 - 1] + g[ng / 2]);
        *worst = g[ng - 1];
    }
    free(g);
    return viol;
}
