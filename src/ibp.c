/* Interval bound propagation for finite ReLU networks: see ibp.h. */
#include "ntkcert/ibp.h"
#include "ntkcert/mpinterval.h"
#include "search.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct ibp_ctx {
    cert_opts o;
    long d, m;
    int depth, nets;       /* nets: 2 when centred (w_T, then w_0 with sign -1) */
    const nn_net *net[2];
    double *l1, *l2;       /* nets x m: >= |W_u|_1, >= |W_u|_2 of first-layer rows */
    mpfi_t *nq;            /* nets x m, with a precision: |W_u|_q (q = 1 or 2) in MPFI */
    iv_t isd, ism;         /* 1/sqrt(d), 1/sqrt(m) */
};

/* r = |w|_1 or |w|_2 (l2) in MPFI, from the formula. */
static void mp_norm(mpfi_ptr r, const double *w, long d, int l2)
{
    mpfi_t q;
    mpfi_init2(q, mpfi_get_prec(r));
    mpfi_set_ui(r, 0);
    for (long k = 0; k < d; k++) {
        mpfi_set_d(q, w[k]);
        if (l2) mpfi_sqr(q, q); else mpfi_abs(q, q);
        mpfi_add(r, r, q);
    }
    if (l2) mpfi_sqrt(r, r);
    mpfi_clear(q);
}

int ibp_prepare(ibp_ctx **ctx, const nn_model *m, const cert_opts *o, nc_err *e)
{
    *ctx = NULL;
    int rc = cert_check(o, e);
    if (rc) return rc;
    ibp_ctx *c = calloc(1, sizeof *c);
    if (!c) return nc_fail(e, NC_ENOMEM, "out of memory");
    c->o = *o;
    c->d = m->net.d;
    c->m = m->net.width;
    c->depth = m->net.depth;
    c->nets = m->spec.centered ? 2 : 1;
    c->net[0] = &m->net;
    c->net[1] = &m->init;
    c->l1 = malloc((size_t)(c->nets * c->m) * sizeof *c->l1);
    c->l2 = malloc((size_t)(c->nets * c->m) * sizeof *c->l2);
    if (!c->l1 || !c->l2) { ibp_free(c); return nc_fail(e, NC_ENOMEM, "out of memory"); }
    for (int t = 0; t < c->nets; t++) {
        const double *W = c->net[t]->W[0];
#ifndef __FRAMAC__ /* Frama-C parses a pragma's words as C */
        #pragma omp parallel for schedule(static)
#endif
        for (long u = 0; u < c->m; u++) {
            const double *w = W + (size_t)u * (size_t)c->d;
            double s1 = 0, s2 = 0;
            for (long k = 0; k < c->d; k++) {
                s1 = iv_add_up(s1, fabs(w[k]));
                s2 = iv_add_up(s2, iv_mul_up(w[k], w[k]));
            }
            c->l1[t * c->m + u] = s1;
            c->l2[t * c->m + u] = iv_sqrt(iv(s2, s2)).hi;
        }
    }
    for (long i = 0; i < c->nets * c->m; i++)
        if (!isfinite(c->l1[i]) || !isfinite(c->l2[i])) {
            ibp_free(c);
            return nc_fail(e, NC_EINPUT, "network: a first-layer row has an infinite or NaN norm");
        }
    if (o->precision > 0) { /* once per network: the recheck's norms */
        const long nm = c->nets * c->m;
        if (!(c->nq = malloc((size_t)nm * sizeof *c->nq))) { ibp_free(c); return nc_fail(e, NC_ENOMEM, "out of memory"); }
#ifndef __FRAMAC__
        #pragma omp parallel for schedule(static)
#endif
        for (long i = 0; i < nm; i++) {
            mpfi_init2(c->nq[i], o->precision);
            mp_norm(c->nq[i], c->net[i / c->m]->W[0] + (size_t)(i % c->m) * (size_t)c->d, c->d, o->norm == BOUND_L2);
        }
    }
    c->isd = iv_div(iv_point(1.0), iv_sqrt(iv_point((double)c->d)));
    c->ism = iv_div(iv_point(1.0), iv_sqrt(iv_point((double)c->m)));
    *ctx = c;
    return NC_OK;
}

void ibp_free(ibp_ctx *c)
{
    if (!c) return;
    free(c->l1);
    free(c->l2);
    if (c->nq) {
        for (long i = 0; i < c->nets * c->m; i++) mpfi_clear(c->nq[i]);
        free(c->nq);
    }
    free(c);
}

/* One point: its coordinates and the enclosures of <W_u, x0>. */
typedef struct {
    const double *x0;
    iv_t *dot0;   /* nets x m */
    iv_t *a, *a2; /* m each: activations, work space */
} point_t;

static int point_init(const ibp_ctx *c, const double *x0, point_t *p, nc_err *e)
{
    memset(p, 0, sizeof *p);
    p->x0 = x0;
    double xmax = 0;
    for (long k = 0; k < c->d; k++) {
        if (!isfinite(x0[k])) return nc_fail(e, NC_EINPUT, "coordinate %ld of the test point is not a finite number", k);
        xmax = fmax(xmax, fabs(x0[k]));
    }
    const long m = c->m;
    p->dot0 = malloc((size_t)(c->nets * m) * sizeof *p->dot0);
    p->a = malloc((size_t)m * sizeof *p->a);
    p->a2 = malloc((size_t)m * sizeof *p->a2);
    double *v = malloc((size_t)m * sizeof *v);
    if (!p->dot0 || !p->a || !p->a2 || !v) {
        free(v);
        return nc_fail(e, NC_ENOMEM, "out of memory");
    }
    for (int t = 0; t < c->nets; t++) {
        /* <W_u, x0> by BLAS, within Higham's bound gamma_d sum |W_uk x0_k|
         * <= gamma_d |W_u|_1 max |x0_k| of it (A6) */
        cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)m, (int)c->d, 1.0, c->net[t]->W[0], (int)c->d, x0, 1, 0.0, v, 1);
        for (long u = 0; u < m; u++) {
            if (!isfinite(v[u])) { free(v); return nc_fail(e, NC_EINPUT, "a first-layer pre-activation overflows"); }
            p->dot0[t * m + u] = bound_dot_enclose(v[u], iv_mul_up(c->l1[t * m + u], xmax), c->d);
        }
    }
    free(v);
    return NC_OK;
}

static void point_free(point_t *p)
{
    free(p->dot0);
    free(p->a);
    free(p->a2);
}

/*@ // max(x, 0), and: each a[k] contains coordinate k of the point x.
    logic real relu(real x) = x > 0 ? x : 0;
    predicate acts{L}(vec x, iv_t *a, integer n) = \forall integer k; 0 <= k < n ==> in_iv(a[k], coord(x, k));
*/

/* relu over h. */
/*@ requires valid_iv(h);
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real x; in_iv(h, x) ==> in_iv(\result, relu(x));
*/
static iv_t relu(iv_t h)
{
    double lo = isfinite(h.lo) && h.lo > 0 ? h.lo : 0.0;
    //@ assert \forall real x; in_iv(h, x) ==> below(lo, relu(x));
    double hi = isfinite(h.hi) && h.hi <= 0 ? 0.0 : h.hi;
    //@ assert \forall real x; in_iv(h, x) ==> above(hi, relu(x));
    return iv(lo, hi);
}

/* sum_k w[k] x_k for every x_k in a[k], outward rounded. */
/*@ requires 0 <= n && \valid_read(w + (0 .. n - 1)) && \valid_read(a + (0 .. n - 1));
    requires \forall integer k; 0 <= k < n ==> \is_finite(w[k]) && valid_iv(a[k]);
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall vec x; acts(x, a, n) ==> in_iv(\result, dotv(x, w, n));
*/
static iv_t weighted_sum(const double *w, const iv_t *a, long n)
{
    iv_t s = iv_point(0.0);
    /*@ loop invariant 0 <= k <= n && valid_iv(s);
        loop invariant \forall vec x; acts(x, a, n) ==> in_iv(s, dotv(x, w, k));
        loop assigns k, s;
        loop variant n - k;
    */
    for (long k = 0; k < n; k++) {
        if (w[k] == 0) { /* a dead unit's weight: the term is exactly 0 */
            //@ assert unfold: \forall vec x; dotv(x, w, k + 1) == dotv(x, w, k) + coord(x, k) * w[k];
            //@ assert w0: w[k] == 0;
            //@ assert zero: \forall vec x; dotv(x, w, k + 1) == dotv(x, w, k);
            continue;
        }
        iv_t p = iv_point(w[k]);
        //@ assert point: in_iv(p, w[k]);
        iv_t t = iv_mul(a[k], p);
        //@ assert term: \forall vec x; acts(x, a, n) ==> in_iv(t, coord(x, k) * w[k]);
        s = iv_add(s, t);
    }
    return s;
}

/* The enclosure of network t's output over the set at delta, in doubles. */
static iv_t net_double(const ibp_ctx *c, const point_t *p, int t, double delta)
{
    const long m = c->m, d = c->d;
    const nn_net *net = c->net[t];
    iv_t *a = p->a, *a2 = p->a2;
    for (long u = 0; u < m; u++) {
        const long i = t * m + u;
        iv_t dot = c->o.norm == BOUND_L2 ? bound_dot_l2(p->dot0[i], c->l2[i], delta)
                                         : bound_dot_linf(p->dot0[i], c->l1[i], delta);
        if (c->o.has_domain) {
            iv_t box = bound_dot_box(p->x0, d, delta, c->o.dom_lo, c->o.dom_hi, net->W[0] + (size_t)u * d);
            iv_t both = iv_intersect(dot, box);
            if (!iv_is_empty(both)) dot = both;
        }
        a[u] = relu(iv_mul(dot, c->isd));
    }
    for (int l = 1; l < c->depth; l++) {
        for (long j = 0; j < m; j++) a2[j] = relu(iv_mul(weighted_sum(net->W[l] + (size_t)j * m, a, m), c->ism));
        iv_t *tmp = a; a = a2; a2 = tmp;
    }
    return iv_mul(weighted_sum(net->v, a, m), c->ism);
}

/* MPFI: r = relu(r). */
static void mp_relu(mpfi_ptr r)
{
    if (mpfr_sgn(&r->right) <= 0) { mpfi_set_ui(r, 0); return; }
    if (mpfr_sgn(&r->left) < 0) mpfr_set_zero(&r->left, 1);
}

/* The same enclosure in MPFI at prec bits, from the formulas, not from the
 * double intervals above: <W_u, x> over the ball directly. */
static int net_mp(const ibp_ctx *c, const point_t *p, int t, double delta, mpfr_prec_t prec, mpfi_ptr out)
{
    const long m = c->m, d = c->d;
    const nn_net *net = c->net[t];
    mpfi_t *a = malloc((size_t)(2 * m) * sizeof *a);
    if (!a) return NC_ENOMEM;
    mpfi_t *a2 = a + m;
    mpfi_t h, x, s, isd, ism, dl;
    mpfi_ptr all[] = {h, x, s, isd, ism, dl};
    for (size_t k = 0; k < sizeof all / sizeof *all; k++) mpfi_init2(all[k], prec);
    for (long u = 0; u < 2 * m; u++) mpfi_init2(a[u], prec);
    mpfi_set_si(isd, d); mpfi_sqrt(isd, isd); mpfi_inv(isd, isd);
    mpfi_set_si(ism, m); mpfi_sqrt(ism, ism); mpfi_inv(ism, ism);
    mpfi_set_d(dl, delta);
    mpfi_neg(s, dl);
    mpfi_put(dl, s); /* [-delta, delta] */
    for (long u = 0; u < m; u++) {
        const double *w = net->W[0] + (size_t)u * d;
        if (c->o.has_domain && delta > 0) { /* sum_k w_k [x0_k - delta, x0_k + delta] meet [lo, hi] */
            mpfi_set_ui(h, 0);
            for (long k = 0; k < d; k++) {
                mpfi_set_d(x, p->x0[k]);
                mpfi_add(x, x, dl);
                if (mpfr_cmp_d(&x->left, c->o.dom_lo) < 0) mpfr_set_d(&x->left, c->o.dom_lo, MPFR_RNDD);
                if (mpfr_cmp_d(&x->right, c->o.dom_hi) > 0) mpfr_set_d(&x->right, c->o.dom_hi, MPFR_RNDU);
                if (mpfr_cmp(&x->left, &x->right) > 0) mpfi_set_d(x, p->x0[k]); /* outside the box: unused */
                mpfi_mul_d(x, x, w[k]);
                mpfi_add(h, h, x);
            }
        }
        /* <W_u, x0> + delta |W_u|_q [-1, 1] */
        mpiv_dot(x, w, p->x0, d);
        mpfi_set(s, c->nq[t * m + u]); /* |W_u|_q, from ibp_prepare */
        mpfi_mul(s, s, dl);
        mpfi_add(x, x, s);
        if (c->o.has_domain && delta > 0) {
            mpfi_intersect(s, h, x);
            if (!mpfi_is_empty(s)) mpfi_set(x, s);
        }
        mpfi_mul(a[u], x, isd);
        mp_relu(a[u]);
    }
    for (int l = 1; l <= c->depth; l++) {
        const long rows = l < c->depth ? m : 1;
        for (long j = 0; j < rows; j++) {
            const double *w = l < c->depth ? net->W[l] + (size_t)j * m : net->v;
            mpfi_set_ui(h, 0);
            for (long k = 0; k < m; k++) {
                mpfi_mul_d(x, a[k], w[k]);
                mpfi_add(h, h, x);
            }
            mpfi_mul(a2[j], h, ism);
            if (l < c->depth) mp_relu(a2[j]);
        }
        for (long j = 0; j < rows; j++) mpfi_swap(a[j], a2[j]);
    }
    mpfi_set(out, a[0]);
    for (long u = 0; u < 2 * m; u++) mpfi_clear(a[u]);
    for (size_t k = 0; k < sizeof all / sizeof *all; k++) mpfi_clear(all[k]);
    free(a);
    return NC_OK;
}

/* The enclosure of the (centred) output over the set at delta. */
static int enclose(const ibp_ctx *c, const point_t *p, double delta, iv_t *out)
{
    if (c->o.precision <= 0) {
        iv_t f = net_double(c, p, 0, delta);
        if (c->nets == 2) f = iv_sub(f, net_double(c, p, 1, delta));
        *out = f;
        return NC_OK;
    }
    mpfi_t f, g;
    mpfi_init2(f, c->o.precision);
    mpfi_init2(g, c->o.precision);
    int rc = net_mp(c, p, 0, delta, c->o.precision, f);
    if (!rc && c->nets == 2 && !(rc = net_mp(c, p, 1, delta, c->o.precision, g))) mpfi_sub(f, f, g);
    if (!rc) *out = mpiv_get_iv(f);
    mpfi_clear(f);
    mpfi_clear(g);
    return rc;
}

/* The lower end of y f's enclosure; -inf if it is not a number. */
static int lower(const ibp_ctx *c, const point_t *p, double y, double delta, double *lb)
{
    iv_t f;
    int rc = enclose(c, p, delta, &f);
    double v = y > 0 ? f.lo : -f.hi;
    *lb = v == v ? v : -INFINITY;
    return rc;
}

int ibp_enclose(const ibp_ctx *c, const double *x0, double delta, iv_t *out, nc_err *e)
{
    if (!(delta >= 0) || !isfinite(delta)) return nc_fail(e, NC_EINPUT, "delta %g is not >= 0", delta);
    point_t p;
    int rc = point_init(c, x0, &p, e);
    if (!rc && (rc = enclose(c, &p, delta, out))) nc_fail(e, rc, "out of memory");
    point_free(&p);
    return rc;
}

int ibp_bound_at(const ibp_ctx *c, const double *x0, double y, double delta, double *lb, nc_err *e)
{
    if (!(y == 1 || y == -1)) return nc_fail(e, NC_EINPUT, "label %g is not -1 or +1", y);
    iv_t f;
    int rc = ibp_enclose(c, x0, delta, &f, e);
    if (!rc) *lb = y > 0 ? f.lo : -f.hi;
    return rc;
}

int ibp_point(const ibp_ctx *c, const double *x0, double y, cert_result *r, nc_err *e)
{
    memset(r, 0, sizeof *r);
    if (!(y == 1 || y == -1)) return nc_fail(e, NC_EINPUT, "label %g is not -1 or +1", y);
    point_t p;
    int rc = point_init(c, x0, &p, e);
    if (rc) { point_free(&p); return rc; }
    r->score = nn_forward(c->net[0], x0) - (c->nets == 2 ? nn_forward(c->net[1], x0) : 0.0);
    iv_t f0;
    if ((rc = enclose(c, &p, 0.0, &f0))) goto out;
    r->score_iv = y > 0 ? f0 : iv_neg(f0);
    double flo = r->score_iv.lo;
    if (!(flo > 0)) goto out; /* not verified at x0 itself */
    /* the search of cert.c: bracket the last verified delta (lo) and the
     * first refused one (hi) */
    double lo = 0, hi = c->o.delta_max, lb = flo, b;
    if ((rc = lower(c, &p, y, hi, &b))) goto out;
    r->steps = 1;
    if (b > 0) {
        lo = hi;
        lb = b;
    } else {
        stepper st = {flo, b, 0.0, 0, 0};
        while (r->steps < SEARCH_MAX_STEPS && !narrow(lo, hi, c->o.rel_tol) && !(hi < 1e-300)) {
            st = step_next(st, lo, hi, c->o.rel_tol);
            double t = st.t, lo0 = lo, hi0 = hi;
            if (!(t > lo && t < hi)) break;
            if ((rc = lower(c, &p, y, t, &b))) goto out;
            r->steps++;
            int ok = b > 0;
            if (ok) { lo = t; lb = b; } else hi = t;
            st = step_record(st, lo0, hi0, lo, hi, ok, b);
        }
    }
    r->delta = lo;
    r->bound = lb;
    r->certified = lo > 0;
out:
    point_free(&p);
    if (rc == NC_ENOMEM) nc_fail(e, rc, "out of memory");
    return rc;
}
