/* Training dynamics (dyn.h, train.h, km_train_model, nn.h's NN_REG_INIT): the
 * kernel machine's discrete dynamics against the closed form of Theorem 3.2;
 * a linear model (constant tangent kernel) and its kernel machine follow the
 * same trajectory to rounding error, full batch and minibatch; the
 * regulariser toward w_0 takes the step it states; and
 * dyn_run's records: steps as documented, f - g = 0 at step 0, and a gap
 * that shrinks with width; Theorem 4.1's path kernel of a linear model
 * against its closed form. */
#include "ntkcert/dyn.h"
#include "ntkcert/kernel.h"
#include "ntkcert/km.h"
#include "ntkcert/nn.h"
#include "ntkcert/rng.h"
#include "ntkcert/train.h"
#include "tap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { N = 12, D = 5, NT = 4, STEPS = 40 };

/* Labels from a random linear rule, inputs N(0,1)^D. */
static void make_data(nc_data *ds, long n, uint64_t seed)
{
    rng_t r;
    rng_seed(&r, seed);
    ds->n = n;
    ds->d = D;
    ds->X = malloc(sizeof(double) * (size_t)(n * D));
    ds->y = malloc(sizeof(double) * (size_t)n);
    for (long i = 0; i < n; i++) {
        double s = 0.3;
        for (int k = 0; k < D; k++) {
            ds->X[i * D + k] = rng_normal(&r);
            s += ds->X[i * D + k] * (k + 1 - 2.5);
        }
        ds->y[i] = s > 0 ? 1 : -1;
    }
}

/* Records the outputs before each step (full batch: every training point). */
typedef struct { double out[STEPS + 1][N]; long steps; } trace;

static int keep(void *arg, long t, const long *idx, long m, const double *out, double loss)
{
    (void)loss;
    trace *tr = arg;
    if (t == 0) return 0;
    for (long k = 0; k < m; k++) tr->out[t - 1][idx[k]] = out[k];
    tr->steps = t;
    return 0;
}

/* Theorem 3.2: g_T(x) = (1 - eta lambda)^T (g_0(x) + sum_{t<T} (1 - eta lambda)^{-t-1} Q(t)),
 * Q(t) = -eta sum_i l'(g_t(x_i), y_i) K(x, x_i), with g_0 = 0. */
static void test_closed_form(loss_kind lk, double lambda)
{
    nc_data tr, te;
    make_data(&tr, N, 1);
    make_data(&te, NT, 2);
    ntk_params kp = ntk_default();
    kp.depth = 2;
    nc_err e;
    double K[N * N], Kt[NT * N], a[N] = {0}, g[N] = {0};
    ntk_gram(&kp, tr.X, N, NULL, N, D, K, &e);
    ntk_gram(&kp, te.X, NT, tr.X, N, D, Kt, &e);
    km_state st = {K, N, a, g};
    train_model tm = km_train_model(&st);
    static trace rec;
    memset(&rec, 0, sizeof rec);
    const double eta = 0.05;
    loss_t l = {lk, 0.0};
    train_opts o = {l, lambda, eta, TRAIN_CONSTANT, STEPS, 0, 0, keep, &rec};
    int rc = train_run(&tm, tr.y, &o, &e);
    double worst = 0, scale = 0;
    const double q = 1 - eta * lambda;
    for (int x = 0; x < NT; x++) {
        double s = 0;
        for (long t = 0; t < STEPS; t++) {
            double Q = 0;
            for (int i = 0; i < N; i++) Q -= eta * loss_deriv(&l, rec.out[t][i], tr.y[i]) * Kt[x * N + i];
            s += pow(q, -(double)t - 1) * Q;
        }
        double closed = pow(q, STEPS) * s, run = 0;
        for (int i = 0; i < N; i++) run += a[i] * Kt[x * N + i];
        worst = fmax(worst, fabs(closed - run));
        scale = fmax(scale, fabs(run));
    }
    ok(rc == 0 && rec.steps == STEPS && scale > 0.1 && worst <= 1e-12 * scale,
       "Theorem 3.2 (%s, lambda %g, depth 2): g_T on %d test points by %d steps = the closed form within %.2g "
       "(|g_T| up to %.3g)", loss_name(lk), lambda, NT, STEPS, worst, scale);
    data_free(&tr);
    data_free(&te);
}

/* A linear model f(w, x) = <w, phi(x)>, w_0 = 0, regulariser (lambda/2)|w|^2:
 * its tangent kernel phi(x).phi(z) never changes. */
typedef struct { const double *Phi; long n, p; double *w; } linear;

static int lin_outputs(void *self, const long *idx, long m, double *out, nc_err *e)
{
    (void)e;
    const linear *L = self;
    for (long k = 0; k < m; k++) {
        double s = 0;
        for (long j = 0; j < L->p; j++) s += L->w[j] * L->Phi[idx[k] * L->p + j];
        out[k] = s;
    }
    return NC_OK;
}

static int lin_step(void *self, const long *idx, long m, const double *dl, double lr, double lambda, nc_err *e)
{
    (void)e;
    linear *L = self;
    double *grad = calloc((size_t)L->p, sizeof *grad);
    for (long k = 0; k < m; k++)
        for (long j = 0; j < L->p; j++) grad[j] += dl[k] * L->Phi[idx[k] * L->p + j];
    for (long j = 0; j < L->p; j++) L->w[j] -= lr * (lambda * L->w[j] + grad[j]);
    free(grad);
    return NC_OK;
}

typedef struct { double out[STEPS + 1][N]; long m; } batches;

static int keep_batch(void *arg, long t, const long *idx, long m, const double *out, double loss)
{
    (void)loss;
    batches *b = arg;
    if (t == 0) return 0;
    for (long k = 0; k < m; k++) b->out[t - 1][k] = out[k] + 1e3 * (double)idx[k]; /* the batch too */
    b->m = m;
    return 0;
}

static void test_linear(long batch)
{
    enum { P = 7 };
    rng_t r;
    rng_seed(&r, 5);
    double Phi[N * P], K[N * N], w[P] = {0}, a[N] = {0}, g[N] = {0}, y[N];
    for (int i = 0; i < N * P; i++) Phi[i] = rng_normal(&r);
    for (int i = 0; i < N; i++) y[i] = i % 3 ? 1 : -1;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = 0;
            for (int k = 0; k < P; k++) s += Phi[i * P + k] * Phi[j * P + k];
            K[i * N + j] = s;
        }
    linear L = {Phi, N, P, w};
    train_model net = {N, &L, lin_outputs, lin_step};
    km_state st = {K, N, a, g};
    train_model km = km_train_model(&st);
    static batches bn, bk;
    memset(&bn, 0, sizeof bn);
    memset(&bk, 0, sizeof bk);
    loss_t l = {LOSS_HINGE, 0.0};
    nc_err e;
    train_opts on = {l, 0.1, 0.02, TRAIN_CONSTANT, STEPS, batch, 7, keep_batch, &bn}, ok_ = on;
    ok_.arg = &bk;
    int rc = train_run(&net, y, &on, &e) | train_run(&km, y, &ok_, &e);
    double worst = 0, scale = 0;
    for (int t = 0; t < STEPS; t++)
        for (long k = 0; k < bn.m; k++) {
            worst = fmax(worst, fabs(bn.out[t][k] - bk.out[t][k]));
            scale = fmax(scale, fabs(bn.out[t][k] - 1e3 * floor(bn.out[t][k] / 1e3 + 0.5)));
        }
    ok(rc == 0 && bn.m == (batch ? batch : N) && worst <= 1e-9,
       "a linear model and its kernel machine (%s): the same batches and outputs at all %d steps within %.2g",
       batch ? "minibatches of 5" : "full batch", STEPS, worst);
}

static int lin_ntk(void *self, double *Theta, nc_err *e)
{
    (void)e;
    const linear *L = self;
    for (long i = 0; i < L->n; i++)
        for (long j = 0; j < L->n; j++) {
            double s = 0;
            for (long k = 0; k < L->p; k++) s += L->Phi[i * L->p + k] * L->Phi[j * L->p + k];
            Theta[i * L->n + j] = s;
        }
    return NC_OK;
}

typedef struct { long idx[STEPS][N]; double out[STEPS][N]; long m; } replay;

static int keep_steps(void *arg, long t, const long *idx, long m, const double *out, double loss)
{
    (void)loss;
    replay *r = arg;
    if (t == 0) return 0;
    memcpy(r->idx[t - 1], idx, (size_t)m * sizeof *idx);
    memcpy(r->out[t - 1], out, (size_t)m * sizeof *out);
    r->m = m;
    return 0;
}

/* Theorem 4.1 for a linear model (Theta constant, no remainder): K(x_i, x_j) =
 * Theta_ij kappa_j with kappa_j = sum_t C_t s |l'_j(t)| over the steps whose
 * batch holds j, b = (1 - lr lambda)^T f_0, |W|^2 = sum_t C_t |u_t|^2 with
 * u_t = sum_{j in B_t} s a_j |l'_j(t)| phi(x_j), tr S = sum_t C_t tr Theta,
 * all from a replay of the same run; and f_T = b + K a exactly when no sign
 * flips. With the squared loss l' changes sign: flips, and f_T != b + K a. */
static void test_path_kernel(loss_kind lk, long batch)
{
    enum { P = 7 };
    const double lr = lk == LOSS_HINGE ? 0.02 : 0.025, lambda = 0.1;
    rng_t r;
    rng_seed(&r, 6);
    double Phi[N * P], w[P], w0[P], y[N], Th[N * N], f[N];
    for (int i = 0; i < N * P; i++) Phi[i] = rng_normal(&r);
    for (int k = 0; k < P; k++) w0[k] = (lk == LOSS_HINGE ? 0.05 : 1.0) * rng_normal(&r);
    for (int i = 0; i < N; i++) y[i] = i % 3 ? 1 : -1;
    linear L = {Phi, N, P, w};
    memcpy(w, w0, sizeof w);
    train_model tm = {N, &L, lin_outputs, lin_step};
    static replay rp;
    memset(&rp, 0, sizeof rp);
    loss_t l = {lk, 0.0};
    train_opts o = {l, lambda, lr, TRAIN_CONSTANT, STEPS, batch, 7, keep_steps, &rp};
    train_path p;
    nc_err e;
    int rc = train_run_path(&tm, lin_ntk, y, &o, &p, &e);
    long all[N];
    for (int i = 0; i < N; i++) all[i] = i;
    rc |= lin_outputs(&L, all, N, f, &e) | lin_ntk(&L, Th, &e);
    /* the closed form from the replay */
    double f0[N], kappa[N] = {0}, norm2 = 0, trace = 0, trth = 0, res = 0, kerr = 0, scale = 0;
    memcpy(w, w0, sizeof w);
    lin_outputs(&L, all, N, f0, &e);
    for (int i = 0; i < N; i++) trth += Th[i * N + i];
    const double shrink = 1 - lr * lambda, s = (double)N / (double)rp.m;
    for (int t = 1; t <= STEPS; t++) {
        double C = lr * pow(shrink, STEPS - t), u[P] = {0};
        for (long k = 0; k < rp.m; k++) {
            long j = rp.idx[t - 1][k];
            double d = loss_deriv(&l, rp.out[t - 1][k], y[j]), a = loss_deriv(&l, f0[j], y[j]) > 0 ? -1 : 1;
            kappa[j] += C * s * fabs(d);
            for (int q = 0; q < P; q++) u[q] += s * a * fabs(d) * Phi[j * P + q];
        }
        for (int q = 0; q < P; q++) norm2 += C * u[q] * u[q];
        trace += C * trth;
    }
    int bok = 1;
    for (int i = 0; rc == 0 && i < N; i++) {
        double h = p.b[i];
        bok &= fabs(p.b[i] - pow(shrink, STEPS) * f0[i]) <= 1e-14;
        for (int j = 0; j < N; j++) {
            h += p.a[j] * p.K[i * N + j];
            kerr = fmax(kerr, fabs(p.K[i * N + j] - Th[i * N + j] * kappa[j]));
            scale = fmax(scale, fabs(p.K[i * N + j]));
        }
        res = fmax(res, fabs(f[i] - h));
    }
    const char *what = lk == LOSS_HINGE ? "hinge" : "squared";
    ok(rc == 0 && bok && kerr <= 1e-12 * scale && fabs(p.norm2 - norm2) <= 1e-12 * norm2 &&
           fabs(p.trace - trace) <= 1e-12 * trace,
       "path kernel (%s, %s): K = Theta kappa within %.2g, b, |W|^2 %.6g and tr S %.6g as the closed form", what,
       batch ? "minibatches of 5" : "full batch", kerr, p.norm2, p.trace);
    if (lk == LOSS_HINGE)
        ok(rc == 0 && p.flips == 0 && res <= 1e-12, "no sign flips (hinge): f_T = b + K a within %.2g", res);
    else
        ok(rc == 0 && p.flips > 0 && res > 1e-3, "squared loss: %ld sign flips at %ld points, and f_T - b - K a = %.3g",
           p.flips, p.flip_points, res);
    train_path_free(&p);
}

/* Two full-batch steps toward w_0: w_1 = w_0 - lr G(w_0), w_2 = w_1 - lr (lambda (w_1 - w_0) + G(w_1)),
 * G the loss gradient from nn_gradient; and f_0 = 0 for the centred output. */
static void test_reg_init(void)
{
    nc_data tr;
    make_data(&tr, N, 3);
    nn_spec s = nn_spec_default();
    s.width = 20;
    s.depth = 2;
    s.centered = 1;
    s.reg = NN_REG_INIT;
    s.batch = 0;
    s.lr = 0.05;
    s.lambda = 0.7;
    s.loss.kind = LOSS_SQUARED;
    nc_err e;
    nn_model m;
    double f[N];
    s.epochs = 0;
    int rc = nn_train(&m, &s, &tr, &e) | nn_predict(&m, tr.X, N, D, f, &e);
    double f0 = 0;
    for (int i = 0; i < N; i++) f0 = fmax(f0, fabs(f[i]));
    nn_model_free(&m);
    s.epochs = 2;
    rc |= nn_train(&m, &s, &tr, &e);
    nn_net w0, w;
    rc |= nn_init(&w0, D, 2, 20, s.seed, &e) | nn_init(&w, D, 2, 20, s.seed, &e);
    for (int step = 0; step < 2; step++) {
        double dl[N];
        for (int i = 0; i < N; i++)
            dl[i] = loss_deriv(&s.loss, nn_forward(&w, tr.X + i * D) - nn_forward(&w0, tr.X + i * D), tr.y[i]);
        nn_net G;
        rc |= nn_gradient(&w, tr.X, N, dl, &G, &e);
        for (int l = 0; l <= 2; l++) {
            long k = l == 2 ? 20 : 20 * (l ? 20 : D);
            double *x = l == 2 ? w.v : w.W[l], *x0 = l == 2 ? w0.v : w0.W[l], *g = l == 2 ? G.v : G.W[l];
            for (long i = 0; i < k; i++) x[i] -= s.lr * (s.lambda * (x[i] - x0[i]) + g[i]);
        }
        nn_free(&G);
    }
    double worst = 0, moved = 0;
    for (int l = 0; l <= 2; l++) {
        long k = l == 2 ? 20 : 20 * (l ? 20 : D);
        const double *x = l == 2 ? w.v : w.W[l], *y = l == 2 ? m.net.v : m.net.W[l], *x0 = l == 2 ? w0.v : w0.W[l];
        for (long i = 0; i < k; i++) {
            worst = fmax(worst, fabs(x[i] - y[i]));
            moved = fmax(moved, fabs(x[i] - x0[i]));
        }
    }
    ok(rc == 0 && f0 == 0 && moved > 1e-3 && worst <= 1e-12,
       "the regulariser toward w_0, centred: f_0 = 0; two steps match w - lr (lambda (w - w_0) + G) within %.2g", worst);
    nn_model_free(&m);
    nn_free(&w0);
    nn_free(&w);
    data_free(&tr);
}

static void test_run(void)
{
    nc_data tr, te;
    make_data(&tr, 16, 8);
    make_data(&te, 8, 9);
    dyn_opts o = dyn_opts_default();
    o.depth = 1;
    o.widths[0] = 64;
    o.widths[1] = 4096;
    o.nwidths = 2;
    o.steps = 20;
    o.lr = 0.05;
    o.lambda = 0.1;
    o.per_decade = 64;
    dyn_result r;
    nc_err e;
    int rc = dyn_run(&tr, &te, &o, &r, &e);
    int steps_ok = rc == 0 && r.nrec == 21;
    for (long k = 0; steps_ok && k < r.nrec; k++) steps_ok = r.step[k] == k;
    ok(steps_ok, "64 records per decade of 20 steps: steps 0, 1, ..., 20 (%ld records)", rc ? 0 : r.nrec);
    if (rc) { tap_diag("%s", e.msg); return; }
    const long T = r.nrec - 1;
    int zero = 1;
    for (int j = 0; j < r.nmodels; j++) {
        zero = zero && r.dist_train[j * r.nrec] == 0 && r.dist_test[j * r.nrec] == 0;
        for (long q = 0; q < r.ntrack_train; q++) zero = zero && r.out_train[(j * r.nrec) * r.ntrack_train + q] == 0;
    }
    ok(zero && r.ntk_change[r.nrec] == 0, "step 0: every output is 0 and f - g = 0");
    double g64 = r.dist_train[r.nrec + T], g4096 = r.dist_train[2 * r.nrec + T];
    double c64 = r.ntk_change[r.nrec + T], c4096 = r.ntk_change[2 * r.nrec + T];
    ok(g4096 < 0.5 * g64 && c4096 < 0.5 * c64 && g4096 > 0,
       "RMS |f_T - g_T| %.3g at width 64, %.3g at width 4096; NTK change %.3g and %.3g", g64, g4096, c64, c4096);
    ok(r.loss[T] < r.loss[0] && r.loss[0] == 1.0, "the kernel machine's hinge loss falls from 1 to %.3g", r.loss[T]);
    dyn_free(&r);
    o.depth = 0;
    ok(dyn_run(&tr, &te, &o, &r, &e) == NC_EINPUT, "depth 0 is refused (%s)", e.msg);
    o.depth = 1;
    te.y[0] = 3;
    ok(dyn_run(&tr, &te, &o, &r, &e) == NC_EINPUT, "a test label 3 under the hinge loss is refused (%s)", e.msg);
    data_free(&tr);
    data_free(&te);
}

static void test_slope(void)
{
    double x[] = {10, 100, 1000}, y[] = {1, 0.1, 0.01}, z[] = {1, -1, 0};
    ok(fabs(dyn_loglog_slope(x, y, 3) + 1) < 1e-12 && isnan(dyn_loglog_slope(x, z, 3)),
       "log-log slope: -1 for y = 10/x; NAN with one positive pair");
}

int main(void)
{
    test_closed_form(LOSS_HINGE, 0.5);
    test_closed_form(LOSS_SQUARED, 0.0);
    test_linear(0);
    test_linear(5);
    test_path_kernel(LOSS_HINGE, 0);
    test_path_kernel(LOSS_HINGE, 5);
    test_path_kernel(LOSS_SQUARED, 0);
    test_reg_init();
    test_run();
    test_slope();
    return tap_done();
}
