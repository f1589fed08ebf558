/* Kernel machines: see km.h. */
#include "ntkcert/km.h"
#include "ntkcert/io.h"
#include "ntkcert/train.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

km_spec km_spec_default(void)
{
    km_spec s;
    memset(&s, 0, sizeof s);
    s.kernel = ntk_default();
    s.loss.kind = LOSS_HINGE;
    s.lambda = 1.0;
    s.solver = KM_EXACT;
    s.tol = 1e-6;
    s.max_iter = 10000000;
    s.lr = 0.01;
    s.steps = 1000;
    s.batch = 64;
    return s;
}

static const char *solver_names[] = {"exact", "subgradient", "sgd"};

const char *km_solver_name(km_solver s) { return solver_names[s]; }

int km_solver_parse(const char *str, km_solver *s, nc_err *e)
{
    for (int i = 0; i < 3; i++)
        if (!strcmp(str, solver_names[i])) {
            *s = (km_solver)i;
            return NC_OK;
        }
    return nc_fail(e, NC_EINPUT, "unknown solver '%s' (exact, subgradient, sgd)", str);
}

int km_check(const km_spec *s, nc_err *e)
{
    int rc = ntk_check(&s->kernel, e);
    if (rc) return rc;
    if (!(s->lambda >= 0) || !isfinite(s->lambda))
        return nc_fail(e, NC_EINPUT, "lambda %g is not a finite number >= 0", s->lambda);
    if (s->lambda == 0 && s->loss.kind != LOSS_SQUARED)
        return nc_fail(e, NC_EINPUT, "lambda = 0 is only allowed for the squared loss (kernel regression)");
    if (!(s->loss.epsilon >= 0) || !isfinite(s->loss.epsilon))
        return nc_fail(e, NC_EINPUT, "epsilon %g is not a finite number >= 0", s->loss.epsilon);
    if (s->intercept && (s->solver != KM_EXACT || s->loss.kind == LOSS_SQUARED || s->loss.kind == LOSS_LOGISTIC))
        return nc_fail(e, NC_EINPUT, "an unregularised intercept needs the exact solver and the hinge, hinge2 "
                                     "or eps loss (use --bias for a regularised one)");
    if (s->solver == KM_EXACT && !(s->tol > 0))
        return nc_fail(e, NC_EINPUT, "tolerance %g is not > 0", s->tol);
    if (s->solver != KM_EXACT && (!(s->lr > 0) || s->steps < 1 || (s->solver == KM_SGD && s->batch < 1)))
        return nc_fail(e, NC_EINPUT, "the subgradient solvers need lr > 0, steps >= 1 and batch >= 1");
    return NC_OK;
}

double *km_gram(const km_spec *s, const nc_data *tr, nc_err *e)
{
    double *K = ntk_gram_alloc(tr->n, tr->n, e);
    if (!K) return NULL;
    if (ntk_gram(&s->kernel, tr->X, tr->n, NULL, tr->n, tr->d, K, e)) {
        free(K);
        return NULL;
    }
    if (s->constant_feature)
        for (size_t i = 0; i < (size_t)tr->n * (size_t)tr->n; i++) K[i] += 1.0;
    return K;
}

/* z = K a (+ b), K symmetric n x n. */
static void outputs(const double *K, long n, const double *a, double b, double *z)
{
    cblas_dsymv(CblasRowMajor, CblasUpper, (int)n, 1.0, K, (int)n, a, 1, 0.0, z, 1);
    for (long i = 0; i < n; i++) z[i] += b;
}

/* Eq. (7): (lambda/2) a^T K a + sum_i l(z_i, y_i), given z = K a + b. */
static double primal(const km_spec *s, const double *a, const double *z, double b, const double *y, long n)
{
    double quad = 0, loss = 0;
    for (long i = 0; i < n; i++) {
        quad += a[i] * (z[i] - b);
        loss += loss_value(&s->loss, z[i], y[i]);
    }
    return 0.5 * s->lambda * quad + loss;
}

/* ---- kernel ridge regression: Cholesky ---- */

static int solve_krr(km_model *m, const km_spec *s, const double *y, double *K, long n, double *a, nc_err *e)
{
    const double h = 0.5 * s->lambda;
    for (long i = 0; i < n; i++) K[i * n + i] += h;
    /* K is symmetric: its row-major upper triangle is the column-major lower
     * one, and column-major spares LAPACKE's transposed copy of K */
    lapack_int info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (lapack_int)n, K, (lapack_int)n);
    if (info > 0)
        return nc_fail(e, NC_ENUMERIC, "K + (lambda/2) I is not positive definite (leading minor %d)%s",
                       (int)info, s->lambda == 0 ? "; use lambda > 0" : "");
    if (info < 0) return nc_fail(e, NC_ENUMERIC, "dpotrf: argument %d is invalid", (int)-info);
    memcpy(a, y, (size_t)n * sizeof *a);
    info = LAPACKE_dpotrs(LAPACK_COL_MAJOR, 'L', (lapack_int)n, 1, K, (lapack_int)n, a, (lapack_int)n);
    if (info) return nc_fail(e, NC_ENUMERIC, "dpotrs failed (%d)", (int)info);
    /* (K + h I) a = y gives K a = y - h a: the objective without K */
    double quad = 0, loss = 0;
    for (long i = 0; i < n; i++) {
        double z = y[i] - h * a[i];
        quad += a[i] * z;
        loss += (z - y[i]) * (z - y[i]);
    }
    m->objective = h * quad + loss;
    m->gap = NAN;
    m->kkt = NAN;
    m->iterations = 1;
    return NC_OK;
}

/* ---- dual solver for hinge, squared hinge and eps-insensitive losses ----
 * min f(g) = 1/2 g^T Q g + p^T g, 0 <= g_t <= U, and s^T g = 0 with an
 * intercept, where Q_tu = s_t s_u K(t mod n, u mod n) + [t = u] r. */

typedef struct {
    long l, n;
    const double *K;
    double *s, *p, U, r;
    double *qd; /* Q's diagonal: read from K once, not a cache miss per use */
} dual_t;

static double q_diag(const dual_t *q, long t) { return q->qd[t]; }
/* The training point of variable t (t < 2n): no division in the hot loops. */
static long pt(const dual_t *q, long t) { return t < q->n ? t : t - q->n; }

/* G[u] += dg * Q[u, t] for the active u only (act[0..na-1]). */
static void grad_update(const dual_t *q, double *G, const long *act, long na, long t, double dg)
{
    const double *row = q->K + (t % q->n) * q->n;
    const double st = q->s[t] * dg;
    const long n = q->n;
    for (long k = 0; k < na; k++) {
        long u = act[k];
        G[u] += st * q->s[u] * row[u < n ? u : u - n];
    }
    G[t] += dg * q->r;
}

/* G[u] += dgi Q[u, i] + dgj Q[u, j] in one pass over the active set. */
static void grad_update2(const dual_t *q, double *G, const long *act, long na, long i, double dgi, long j,
                         double dgj)
{
    const long n = q->n;
    const double *ri = q->K + (i % n) * n, *rj = q->K + (j % n) * n;
    const double si = q->s[i] * dgi, sj = q->s[j] * dgj;
    for (long k = 0; k < na; k++) {
        long u = act[k], c = u < n ? u : u - n;
        G[u] += q->s[u] * (si * ri[c] + sj * rj[c]);
    }
    G[i] += dgi * q->r;
    G[j] += dgj * q->r;
}

/* Shrinking: active set, and the gradient of the shrunk variables rebuilt
 * from the nonzero ones before convergence is declared. */
typedef struct {
    long *act, na;
    int shrunk;
} active_t;

static void reconstruct(const dual_t *q, const double *g, double *G, active_t *A)
{
    if (!A->shrunk) return;
    char *on = calloc((size_t)q->l, 1);
    long *nz = malloc((size_t)q->l * sizeof *nz), nnz = 0;
    for (long k = 0; k < A->na; k++) on[A->act[k]] = 1;
    for (long u = 0; u < q->l; u++)
        if (g[u] != 0) nz[nnz++] = u;
    for (long t = 0; t < q->l; t++)
        if (!on[t]) G[t] = q->p[t] + q->r * g[t];
    for (long k = 0; k < nnz; k++) { /* K is symmetric: read row u, contiguously */
        long u = nz[k];
        const double *row = q->K + (u % q->n) * q->n;
        const double su = q->s[u] * g[u];
        for (long t = 0; t < q->l; t++)
            if (!on[t]) G[t] += q->s[t] * su * row[pt(q, t)];
    }
    free(on);
    free(nz);
    for (long t = 0; t < q->l; t++) A->act[t] = t;
    A->na = q->l;
    A->shrunk = 0;
}

/* Greedy coordinate descent (no equality constraint); returns the final
 * maximal violation of the projected gradient. */
static double dual_cd(const dual_t *q, double *g, double *G, double tol, long max_iter, long *iters, active_t *A)
{
    long it = 0, counter = q->l < 1000 ? q->l : 1000;
    double viol = INFINITY;
    for (; it < max_iter; it++) {
        long best = -1;
        viol = 0;
        for (long k = 0; k < A->na; k++) {
            long t = A->act[k];
            double pg = G[t];
            if (g[t] <= 0) pg = pg < 0 ? pg : 0;
            else if (g[t] >= q->U) pg = pg > 0 ? pg : 0;
            if (fabs(pg) > viol) { viol = fabs(pg); best = t; }
        }
        if (viol <= tol) {
            if (!A->shrunk) break;
            reconstruct(q, g, G, A);
            it--;
            continue;
        }
        if (--counter == 0) { /* drop variables at a bound whose gradient holds them there */
            counter = q->l < 1000 ? q->l : 1000;
            long k2 = 0;
            for (long k = 0; k < A->na; k++) {
                long t = A->act[k];
                int out = (g[t] <= 0 && G[t] > viol) || (g[t] >= q->U && G[t] < -viol);
                if (!out || t == best) A->act[k2++] = t;
            }
            A->shrunk |= k2 < A->na;
            A->na = k2;
        }
        double nv = g[best] - G[best] / q_diag(q, best);
        nv = nv < 0 ? 0 : (nv > q->U ? q->U : nv);
        double dg = nv - g[best];
        if (dg == 0) break;
        g[best] = nv;
        grad_update(q, G, A->act, A->na, best, dg);
    }
    *iters = it;
    return viol;
}

/* SMO with LIBSVM's second-order working set selection (Fan, Chen and Lin,
 * JMLR 2005) and its shrinking, for the equality-constrained problem;
 * returns the final violation m - M, and the intercept in *b. */
static double dual_smo(const dual_t *q, double *g, double *G, double tol, long max_iter, long *iters, double *b,
                       active_t *A)
{
    const double U = q->U;
    long it = 0, counter = q->l < 1000 ? q->l : 1000;
    double gap = INFINITY;
    for (; it < max_iter; it++) {
        double Gmax = -INFINITY, Gmax2 = -INFINITY, obj_min = INFINITY;
        long i = -1, j = -1;
        for (long k = 0; k < A->na; k++) {
            long t = A->act[k];
            if (q->s[t] > 0 ? g[t] < U : g[t] > 0)
                if (-q->s[t] * G[t] >= Gmax) { Gmax = -q->s[t] * G[t]; i = t; }
        }
        if (i < 0) break;
        const double *Ki = q->K + (i % q->n) * q->n;
        const double Qii = q_diag(q, i);
        for (long k = 0; k < A->na; k++) {
            long t = A->act[k];
            if (!(q->s[t] > 0 ? g[t] > 0 : g[t] < U)) continue;
            double v = q->s[t] * G[t], bb = Gmax + v;
            if (v > Gmax2) Gmax2 = v;
            if (bb > 0) {
                double a = Qii + q_diag(q, t) - 2.0 * Ki[pt(q, t)]; /* t != i since bb > 0 */
                if (a <= 0) a = 1e-12;
                if (-(bb * bb) / a <= obj_min) { obj_min = -(bb * bb) / a; j = t; }
            }
        }
        gap = Gmax + Gmax2;
        if (gap < tol || j < 0) {
            if (!A->shrunk) break;
            reconstruct(q, g, G, A);
            it--;
            continue;
        }
        if (--counter == 0) { /* LIBSVM's be_shrunk */
            counter = q->l < 1000 ? q->l : 1000;
            long k2 = 0;
            for (long k = 0; k < A->na; k++) {
                long t = A->act[k];
                int out = 0;
                if (g[t] >= U) out = q->s[t] > 0 ? -G[t] > Gmax : -G[t] > Gmax2;
                else if (g[t] <= 0) out = q->s[t] > 0 ? G[t] > Gmax2 : G[t] > Gmax;
                if (!out || t == i || t == j) A->act[k2++] = t;
            }
            A->shrunk |= k2 < A->na;
            A->na = k2;
        }
        /* the two-variable update of LIBSVM's Solver::solve */
        double oi = g[i], oj = g[j], Kij = Ki[j % q->n], Qij = q->s[i] * q->s[j] * Kij;
        if (q->s[i] != q->s[j]) {
            double quad = Qii + q_diag(q, j) + 2 * Qij;
            if (quad <= 0) quad = 1e-12;
            double delta = (-G[i] - G[j]) / quad, diff = g[i] - g[j];
            g[i] += delta;
            g[j] += delta;
            if (diff > 0) { if (g[j] < 0) { g[j] = 0; g[i] = diff; } }
            else if (g[i] < 0) { g[i] = 0; g[j] = -diff; }
            if (diff > 0) { if (g[i] > U) { g[i] = U; g[j] = U - diff; } }
            else if (g[j] > U) { g[j] = U; g[i] = U + diff; }
        } else {
            double quad = Qii + q_diag(q, j) - 2 * Qij;
            if (quad <= 0) quad = 1e-12;
            double delta = (G[i] - G[j]) / quad, sum = g[i] + g[j];
            g[i] -= delta;
            g[j] += delta;
            if (sum > U) { if (g[i] > U) { g[i] = U; g[j] = sum - U; } }
            else if (g[j] < 0) { g[j] = 0; g[i] = sum; }
            if (sum > U) { if (g[j] > U) { g[j] = U; g[i] = sum - U; } }
            else if (g[i] < 0) { g[i] = 0; g[j] = sum; }
        }
        grad_update2(q, G, A->act, A->na, i, g[i] - oi, j, g[j] - oj);
    }
    /* b = -rho, rho from the free variables (LIBSVM's calculate_rho) */
    double ub = INFINITY, lb = -INFINITY, sum = 0;
    long nfree = 0;
    for (long t = 0; t < q->l; t++) {
        double v = q->s[t] * G[t];
        if (g[t] >= U) { if (q->s[t] < 0) ub = fmin(ub, v); else lb = fmax(lb, v); }
        else if (g[t] <= 0) { if (q->s[t] > 0) ub = fmin(ub, v); else lb = fmax(lb, v); }
        else { nfree++; sum += v; }
    }
    *b = -(nfree > 0 ? sum / (double)nfree : (ub + lb) / 2);
    *iters = it;
    return gap;
}

static int solve_dual(km_model *m, const km_spec *s, const double *y, const double *K, long n, double *a,
                      double *z, nc_err *e)
{
    const int svr = s->loss.kind == LOSS_EPS;
    const double C = 1.0 / s->lambda;
    dual_t q = {svr ? 2 * n : n, n, K, NULL, NULL, s->loss.kind == LOSS_HINGE2 ? INFINITY : C,
                s->loss.kind == LOSS_HINGE2 ? 0.5 * s->lambda : 0.0, NULL};
    double *buf = calloc((size_t)q.l * 5, sizeof *buf);
    if (!buf) return nc_fail(e, NC_ENOMEM, "out of memory for the dual solver");
    q.s = buf;
    q.p = buf + q.l;
    double *g = buf + 2 * q.l, *G = buf + 3 * q.l;
    q.qd = buf + 4 * q.l;
    for (long t = 0; t < q.l; t++) {
        q.qd[t] = K[(t % n) * n + t % n] + q.r;
        if (svr) {
            q.s[t] = t < n ? 1.0 : -1.0;
            q.p[t] = t < n ? s->loss.epsilon - y[t] : s->loss.epsilon + y[t - n];
        } else {
            q.s[t] = y[t];
            q.p[t] = -1.0;
        }
        G[t] = q.p[t];
    }
    double b = 0;
    active_t A = {malloc((size_t)q.l * sizeof(long)), q.l, 0};
    if (!A.act) { free(buf); return nc_fail(e, NC_ENOMEM, "out of memory for the dual solver"); }
    for (long t = 0; t < q.l; t++) A.act[t] = t;
    m->kkt = s->intercept ? dual_smo(&q, g, G, s->tol, s->max_iter, &m->iterations, &b, &A)
                          : dual_cd(&q, g, G, s->tol, s->max_iter, &m->iterations, &A);
    reconstruct(&q, g, G, &A); /* G complete, also after an iteration limit */
    free(A.act);
    double f = 0;
    for (long t = 0; t < q.l; t++) f += 0.5 * g[t] * (G[t] + q.p[t]);
    /* K a from the gradient, G = Q g + p, instead of a pass over K */
    for (long i = 0; i < n; i++) {
        a[i] = svr ? g[i] - g[i + n] : y[i] * g[i];
        z[i] = (svr ? G[i] - q.p[i] : y[i] * (G[i] + 1.0 - q.r * g[i])) + b;
    }
    m->b = b;
    m->objective = primal(s, a, z, b, y, n);
    m->gap = m->objective + s->lambda * f; /* dual value of Eq. (7): -lambda f */
    free(buf);
    if (m->iterations >= s->max_iter)
        return nc_fail(e, NC_ENUMERIC, "the dual solver did not reach tolerance %g in %ld iterations (violation %g)",
                       s->tol, s->max_iter, m->kkt);
    return NC_OK;
}

/* ---- logistic regression: Newton's method with conjugate gradients ----
 * At the optimum lambda a + l'(K a) = 0. A Newton step u solves
 * (lambda I + D K) u = -r, r = lambda a + l', D = diag(l''); with
 * u = -r / lambda + D^{1/2} v it becomes the SPD system
 * (lambda I + D^{1/2} K D^{1/2}) v = D^{1/2} K r / lambda. */

static int solve_logistic(km_model *m, const km_spec *s, const double *y, const double *K, long n, double *a,
                          double *z, nc_err *e)
{
    double *buf = malloc((size_t)n * 9 * sizeof *buf);
    if (!buf) return nc_fail(e, NC_ENOMEM, "out of memory for the logistic solver");
    double *r = buf, *sq = buf + n, *rhs = buf + 2 * n, *v = buf + 3 * n, *res = buf + 4 * n;
    double *pd = buf + 5 * n, *w = buf + 6 * n, *u = buf + 7 * n, *Ku = buf + 8 * n;
    const double lam = s->lambda;
    memset(a, 0, (size_t)n * sizeof *a);
    memset(z, 0, (size_t)n * sizeof *z);
    long it = 0;
    double gnorm = INFINITY;
    for (; it < s->max_iter; it++) {
        outputs(K, n, a, 0.0, z); /* afresh: updating z by steps accumulates rounding */
        gnorm = 0;
        for (long i = 0; i < n; i++) {
            double t = -y[i] * z[i], sig = 1.0 / (1.0 + exp(-t)); /* sigma(-y z) */
            r[i] = lam * a[i] + loss_deriv(&s->loss, z[i], y[i]);
            sq[i] = sqrt(sig * (1.0 - sig));
            gnorm = fmax(gnorm, fabs(r[i]));
        }
        if (gnorm <= s->tol) break;
        /* rhs = D^{1/2} K r / lambda; CG from v = 0 */
        cblas_dsymv(CblasRowMajor, CblasUpper, (int)n, 1.0 / lam, K, (int)n, r, 1, 0.0, rhs, 1);
        double rr = 0, r0;
        for (long i = 0; i < n; i++) {
            rhs[i] *= sq[i];
            v[i] = 0;
            res[i] = rhs[i];
            pd[i] = rhs[i];
            rr += rhs[i] * rhs[i];
        }
        r0 = rr;
        for (long k = 0; k < 10 * n + 100 && rr > 1e-24 * r0 && rr > 0; k++) {
            for (long i = 0; i < n; i++) u[i] = sq[i] * pd[i];
            cblas_dsymv(CblasRowMajor, CblasUpper, (int)n, 1.0, K, (int)n, u, 1, 0.0, w, 1);
            double pw = 0;
            for (long i = 0; i < n; i++) {
                w[i] = lam * pd[i] + sq[i] * w[i];
                pw += pd[i] * w[i];
            }
            double al = rr / pw, nr = 0;
            for (long i = 0; i < n; i++) {
                v[i] += al * pd[i];
                res[i] -= al * w[i];
                nr += res[i] * res[i];
            }
            for (long i = 0; i < n; i++) pd[i] = res[i] + (nr / rr) * pd[i];
            rr = nr;
        }
        for (long i = 0; i < n; i++) u[i] = -r[i] / lam + sq[i] * v[i];
        cblas_dsymv(CblasRowMajor, CblasUpper, (int)n, 1.0, K, (int)n, u, 1, 0.0, Ku, 1);
        /* backtracking line search on Eq. (7) */
        double f0 = primal(s, a, z, 0.0, y, n), step = 1.0;
        for (int ls = 0; ls < 60; ls++, step *= 0.5) {
            for (long i = 0; i < n; i++) {
                w[i] = a[i] + step * u[i];
                res[i] = z[i] + step * Ku[i];
            }
            if (primal(s, w, res, 0.0, y, n) <= f0) break;
        }
        memcpy(a, w, (size_t)n * sizeof *a);
        memcpy(z, res, (size_t)n * sizeof *z);
    }
    m->iterations = it;
    m->kkt = gnorm;
    m->gap = NAN;
    m->objective = primal(s, a, z, 0.0, y, n);
    free(buf);
    if (it >= s->max_iter)
        return nc_fail(e, NC_ENUMERIC, "Newton's method did not reach tolerance %g in %ld iterations", s->tol, it);
    return NC_OK;
}

/* ---- subgradient solvers through train.h ---- */

static int km_outputs(void *self, const long *idx, long m, double *out, nc_err *e)
{
    (void)e;
    const km_state *st = self;
    for (long k = 0; k < m; k++) out[k] = st->g[idx[k]];
    return NC_OK;
}

static int km_step(void *self, const long *idx, long m, const double *dl, double lr, double lambda, nc_err *e)
{
    (void)e;
    km_state *st = self;
    const long n = st->n;
    const double shrink = 1.0 - lr * lambda;
    cblas_dscal((int)n, shrink, st->a, 1);
    cblas_dscal((int)n, shrink, st->g, 1);
    for (long k = 0; k < m; k++) {
        if (dl[k] == 0) continue;
        st->a[idx[k]] -= lr * dl[k];
        cblas_daxpy((int)n, -lr * dl[k], st->K + idx[k] * n, 1, st->g, 1);
    }
    return NC_OK;
}

train_model km_train_model(km_state *st)
{
    train_model tm = {st->n, st, km_outputs, km_step};
    return tm;
}

static int solve_subgradient(km_model *m, const km_spec *s, const double *y, const double *K, long n, double *a,
                             double *z, nc_err *e)
{
    memset(a, 0, (size_t)n * sizeof *a);
    memset(z, 0, (size_t)n * sizeof *z);
    km_state st = {K, n, a, z};
    train_model tm = km_train_model(&st);
    train_opts o = {s->loss, s->lambda, s->lr, s->pegasos ? TRAIN_PEGASOS : TRAIN_CONSTANT, s->steps,
                    s->solver == KM_SGD ? s->batch : 0, s->seed, NULL, NULL};
    int rc = train_run(&tm, y, &o, e);
    if (rc) return rc;
    outputs(K, n, a, 0.0, z); /* recompute: the running g drifts by rounding */
    m->objective = primal(s, a, z, 0.0, y, n);
    m->gap = NAN;
    m->kkt = NAN;
    m->iterations = s->steps;
    return NC_OK;
}

int km_train(km_model *m, const km_spec *s, const nc_data *tr, double *K, nc_err *e)
{
    memset(m, 0, sizeof *m);
    int rc = km_check(s, e);
    if (rc) return rc;
    const long n = tr->n;
    if (n < 1) return nc_fail(e, NC_EINPUT, "no training points");
    if (loss_is_classification(s->loss.kind))
        for (long i = 0; i < n; i++)
            if (tr->y[i] != 1 && tr->y[i] != -1)
                return nc_fail(e, NC_EINPUT, "the %s loss needs labels -1/+1 (training label %g at %ld; "
                                             "select a class pair)", loss_name(s->loss.kind), tr->y[i], i);
    double *a = calloc((size_t)n + 1, sizeof *a), *z = calloc((size_t)n + 1, sizeof *z);
    if (!a || !z) {
        free(a); free(z);
        return nc_fail(e, NC_ENOMEM, "out of memory");
    }
    m->spec = *s;
    /* the dual solver runs on one core: hash the training data for the model
     * file on another meanwhile */
    const int dual = s->solver == KM_EXACT && s->loss.kind != LOSS_SQUARED && s->loss.kind != LOSS_LOGISTIC;
    #pragma omp parallel sections if (dual)
    {
        #pragma omp section
        {
            if (s->solver != KM_EXACT) rc = solve_subgradient(m, s, tr->y, K, n, a, z, e);
            else if (s->loss.kind == LOSS_SQUARED) rc = solve_krr(m, s, tr->y, K, n, a, e);
            else if (s->loss.kind == LOSS_LOGISTIC) rc = solve_logistic(m, s, tr->y, K, n, a, z, e);
            else rc = solve_dual(m, s, tr->y, K, n, a, z, e);
        }
        #pragma omp section
        data_sha256(tr, m->data_sha256);
    }
    free(z);
    if (rc) { free(a); memset(m, 0, sizeof *m); return rc; }
    /* keep the vectors with alpha != 0 */
    long k = 0;
    for (long i = 0; i < n; i++) k += a[i] != 0;
    m->n_train = n;
    m->n = k;
    m->d = tr->d;
    m->alpha = malloc((size_t)k * sizeof(double) + 1);
    m->X = malloc((size_t)k * (size_t)tr->d * sizeof(double) + 1);
    if (!m->alpha || !m->X) {
        free(a); km_free(m);
        return nc_fail(e, NC_ENOMEM, "out of memory");
    }
    for (long i = 0, j = 0; i < n; i++) {
        if (a[i] == 0) continue;
        m->alpha[j] = a[i];
        memcpy(m->X + j * tr->d, tr->X + i * tr->d, (size_t)tr->d * sizeof(double));
        j++;
    }
    free(a);
    return NC_OK;
}

enum { PREDICT_BLOCK = 512 };

int km_predict(const km_model *m, const double *X, long n, long d, double *scores, nc_err *e)
{
    if (d != m->d) return nc_fail(e, NC_EINPUT, "data have dimension %ld, the model %ld", d, m->d);
    if (m->n == 0) {
        for (long i = 0; i < n; i++) scores[i] = m->b;
        return NC_OK;
    }
    double *K = malloc((size_t)PREDICT_BLOCK * (size_t)m->n * sizeof *K);
    if (!K) return nc_fail(e, NC_ENOMEM, "out of memory for prediction");
    int rc = NC_OK;
    for (long i0 = 0; i0 < n && !rc; i0 += PREDICT_BLOCK) {
        long bn = n - i0 < PREDICT_BLOCK ? n - i0 : PREDICT_BLOCK;
        if ((rc = ntk_gram(&m->spec.kernel, X + i0 * d, bn, m->X, m->n, d, K, e))) break;
        for (long i = 0; i < bn; i++) {
            double sum = m->b;
            const double *row = K + i * m->n;
            for (long j = 0; j < m->n; j++) sum += m->alpha[j] * (row[j] + (m->spec.constant_feature ? 1.0 : 0.0));
            scores[i0 + i] = sum;
        }
    }
    free(K);
    return rc;
}

void km_free(km_model *m)
{
    free(m->alpha);
    free(m->X);
    memset(m, 0, sizeof *m);
}

/* ---- model files ---- */

#define MAGIC "NTKCERT-MODEL"

static int header(const km_model *m, char *h, size_t cap)
{
    const km_spec *s = &m->spec;
    char sha[65];
    data_hex(m->data_sha256, sha);
    return snprintf(h, cap,
        MAGIC " %d\n"
        "kernel %s\ndepth %d\nbias_var %.17g\nconstant_feature %d\nintercept %d\n"
        "loss %s\nlambda %.17g\nepsilon %.17g\n"
        "solver %s\ntol %.17g\nlr %.17g\nschedule %s\nsteps %ld\nbatch %ld\nseed %llu\n"
        "n_train %ld\nn %ld\nd %ld\nb %.17g\ntrain_sha256 %s\n"
        "objective %.17g\ngap %.17g\nkkt %.17g\niterations %ld\n"
        "payload alpha[n] X[n*d] float64le\nend\n",
        KM_FORMAT_VERSION, ntk_kind_name(s->kernel.kind), s->kernel.depth, s->kernel.bias_var,
        s->constant_feature, s->intercept, loss_name(s->loss.kind), s->lambda, s->loss.epsilon,
        km_solver_name(s->solver), s->tol, s->lr, s->pegasos ? "pegasos" : "constant", s->steps, s->batch, (unsigned long long)s->seed,
        m->n_train, m->n, m->d, m->b, sha, m->objective, m->gap, m->kkt, m->iterations);
}

int km_save(const km_model *m, const char *path, nc_err *e)
{
    char h[4096];
    int hl = header(m, h, sizeof h);
    size_t na = (size_t)m->n, nx = (size_t)m->n * (size_t)m->d, len = (size_t)hl + 8 * (na + nx);
    unsigned char *buf = malloc(len + 1);
    if (!buf) return nc_fail(e, NC_ENOMEM, "%s: out of memory", path);
    memcpy(buf, h, (size_t)hl);
    memcpy(buf + hl, m->alpha, 8 * na);
    memcpy(buf + hl + 8 * na, m->X, 8 * nx);
    unsigned char sha[32];
    char hex[65];
    data_sha256_bytes(buf, len, sha);
    data_hex(sha, hex);
    io_out o;
    int rc = io_out_open(&o, path, e);
    if (!rc) {
        fwrite(buf, 1, len, o.f);
        fprintf(o.f, "sha256 %s\n", hex);
        rc = io_out_commit(&o, e);
    }
    free(buf);
    return rc;
}

/* Finds "key value" in the header; NULL if absent. */
static const char *field(const char *h, const char *key)
{
    size_t kl = strlen(key);
    for (const char *p = h; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (!strncmp(p, key, kl) && p[kl] == ' ') return p + kl + 1;
    return NULL;
}

int km_load(km_model *m, const char *path, nc_err *e)
{
    memset(m, 0, sizeof *m);
    FILE *f = fopen(path, "rb");
    if (!f) return nc_fail(e, NC_EINPUT, "%s: cannot open model file", path);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = size > 0 ? malloc((size_t)size + 1) : NULL;
    if (size <= 0 || !buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        fclose(f);
        free(buf);
        return nc_fail(e, NC_EINPUT, "%s: empty or unreadable model file", path);
    }
    fclose(f);
    buf[size] = 0;
    int rc = NC_EINPUT;
    const size_t tl = 7 + 64 + 1; /* "sha256 " hex "\n" */
    if (!strncmp((char *)buf, "NTKCERT-NET ", 12)) {
        nc_fail(e, rc, "%s: a network file, not a kernel-machine model (certify it with 'ntkcert ibp')", path);
        goto out;
    }
    if ((size_t)size < strlen(MAGIC) + tl || memcmp(buf, MAGIC " ", strlen(MAGIC) + 1) != 0) {
        nc_fail(e, rc, "%s: not an ntkcert model file", path);
        goto out;
    }
    int version = atoi((char *)buf + strlen(MAGIC) + 1);
    if (version != KM_FORMAT_VERSION) {
        nc_fail(e, rc, "%s: model format version %d, this ntkcert reads version %d", path, version, KM_FORMAT_VERSION);
        goto out;
    }
    size_t body = (size_t)size - tl;
    unsigned char sha[32];
    char hex[65];
    data_sha256_bytes(buf, body, sha);
    data_hex(sha, hex);
    if (memcmp(buf + body, "sha256 ", 7) != 0 || memcmp(buf + body + 7, hex, 64) != 0 || buf[size - 1] != '\n') {
        nc_fail(e, rc, "%s: checksum mismatch: the model file is truncated or corrupted", path);
        goto out;
    }
    char *end = strstr((char *)buf, "\nend\n");
    if (!end) { nc_fail(e, rc, "%s: model header has no end", path); goto out; }
    *end = 0;
    const char *h = (char *)buf;
    km_spec *s = &m->spec;
    *s = km_spec_default();
    const char *v;
    nc_err sub;
    if (!(v = field(h, "kernel")) || ntk_kind_parse(strncmp(v, "nngp", 4) ? "ntk" : "nngp", &s->kernel.kind, &sub) ||
        !(v = field(h, "loss"))) {
        nc_fail(e, rc, "%s: model header lacks kernel or loss", path);
        goto out;
    }
    char lname[32] = {0};
    sscanf(v, "%31s", lname);
    char sname[32] = {0};
    const char *sv = field(h, "solver");
    if (sv) sscanf(sv, "%31s", sname);
    unsigned long long seed = 0;
    int ok = loss_parse(lname, &s->loss.kind, &sub) == 0 && sv && km_solver_parse(sname, &s->solver, &sub) == 0;
#define GET(key, fmt, dst) ok = ok && (v = field(h, key)) && sscanf(v, fmt, dst) == 1
    GET("depth", "%d", &s->kernel.depth);
    GET("bias_var", "%lf", &s->kernel.bias_var);
    GET("constant_feature", "%d", &s->constant_feature);
    GET("intercept", "%d", &s->intercept);
    GET("lambda", "%lf", &s->lambda);
    GET("epsilon", "%lf", &s->loss.epsilon);
    GET("tol", "%lf", &s->tol);
    GET("lr", "%lf", &s->lr);
    GET("steps", "%ld", &s->steps);
    ok = ok && (v = field(h, "schedule"));
    s->pegasos = ok && !strncmp(v, "pegasos", 7);
    GET("batch", "%ld", &s->batch);
    GET("seed", "%llu", &seed);
    GET("n_train", "%ld", &m->n_train);
    GET("n", "%ld", &m->n);
    GET("d", "%ld", &m->d);
    GET("b", "%lf", &m->b);
    GET("objective", "%lf", &m->objective);
    GET("gap", "%lf", &m->gap);
    GET("kkt", "%lf", &m->kkt);
    GET("iterations", "%ld", &m->iterations);
#undef GET
    s->seed = seed;
    char shahex[65] = {0};
    ok = ok && (v = field(h, "train_sha256")) && sscanf(v, "%64s", shahex) == 1 && strlen(shahex) == 64;
    for (int i = 0; ok && i < 32; i++) {
        unsigned x;
        ok = sscanf(shahex + 2 * i, "%2x", &x) == 1;
        m->data_sha256[i] = (unsigned char)x;
    }
    if (!ok || m->n < 0 || m->d < 1 || ntk_check(&s->kernel, &sub)) {
        nc_fail(e, rc, "%s: malformed model header", path);
        goto out;
    }
    size_t off = (size_t)(end - (char *)buf) + 5, need = 8 * ((size_t)m->n + (size_t)m->n * (size_t)m->d);
    if (off + need != body) {
        nc_fail(e, rc, "%s: payload has %zu bytes, the header says %zu", path, body - off, need);
        goto out;
    }
    m->alpha = malloc(8 * (size_t)m->n + 1);
    m->X = malloc(8 * (size_t)m->n * (size_t)m->d + 1);
    if (!m->alpha || !m->X) { rc = nc_fail(e, NC_ENOMEM, "%s: out of memory", path); goto out; }
    memcpy(m->alpha, buf + off, 8 * (size_t)m->n);
    memcpy(m->X, buf + off + 8 * (size_t)m->n, 8 * (size_t)m->n * (size_t)m->d);
    rc = NC_OK;
out:
    free(buf);
    if (rc) km_free(m);
    return rc;
}
