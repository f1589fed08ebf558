/* Interval bound propagation for finite ReLU networks: see ibp.h. */
#include "ntkcert/ibp.h"
#include "ntkcert/mpinterval.h"
#include "dots.h"
#include "search.h"
#ifdef __FRAMAC__
#include "network.acsl.h"
#include "rows.acsl.h"
#endif

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct ibp_ctx {
    cert_opts o;
    long d, m;
    int depth, nets;       /* nets: 2 when centred (w_T, then w_0 with sign -1) */
    const nn_net *net[2];
    double *l1[2], *l2[2]; /* per network, m each: >= |W_u|_1, >= |W_u|_2 of first-layer rows */
    mpfi_t *nq;            /* nets x m, with a precision: |W_u|_q (q = 1 or 2) in MPFI */
    iv_t isd, ism;         /* 1/sqrt(d), 1/sqrt(m) */
    int l2n, dom;          /* the set: the l_2 ball (else l_inf), within the domain box */
    double dlo, dhi;       /* the box; -inf and +inf without a domain */
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
    c->l2n = o->norm == BOUND_L2;
    c->dom = o->has_domain;
    c->dlo = c->dom ? o->dom_lo : -INFINITY;
    c->dhi = c->dom ? o->dom_hi : INFINITY;
    for (int t = 0; t < c->nets; t++) {
        c->l1[t] = malloc((size_t)c->m * sizeof *c->l1[t]);
        c->l2[t] = malloc((size_t)c->m * sizeof *c->l2[t]);
        if (!c->l1[t] || !c->l2[t]) { ibp_free(c); return nc_fail(e, NC_ENOMEM, "out of memory"); }
    }
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
            c->l1[t][u] = s1;
            c->l2[t][u] = iv_sqrt(iv(s2, s2)).hi;
        }
        for (long u = 0; u < c->m; u++)
            if (!isfinite(c->l1[t][u]) || !isfinite(c->l2[t][u])) {
                ibp_free(c);
                return nc_fail(e, NC_EINPUT, "network: a first-layer row has an infinite or NaN norm");
            }
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
    for (int t = 0; t < 2; t++) {
        free(c->l1[t]);
        free(c->l2[t]);
    }
    if (c->nq) {
        for (long i = 0; i < c->nets * c->m; i++) mpfi_clear(c->nq[i]);
        free(c->nq);
    }
    free(c);
}

/* One point: its coordinates and the enclosures of <W_u, x0>. */
typedef struct {
    const double *x0;
    iv_t *dot0[2]; /* per network, m each */
    iv_t *a, *a2;  /* m each: activations, work space */
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
    for (int t = 0; t < c->nets; t++)
        if (!(p->dot0[t] = malloc((size_t)m * sizeof *p->dot0[t]))) return nc_fail(e, NC_ENOMEM, "out of memory");
    p->a = malloc((size_t)m * sizeof *p->a);
    p->a2 = malloc((size_t)m * sizeof *p->a2);
    double *v = malloc((size_t)(2 * m) * sizeof *v);
    if (!p->a || !p->a2 || !v) {
        free(v);
        return nc_fail(e, NC_ENOMEM, "out of memory");
    }
    double *ab = v + m; /* >= sum_k |W_uk x0_k| */
    for (int t = 0; t < c->nets; t++) {
        /* <W_u, x0> by BLAS, within Higham's bound of the exact sum from
         * ab[u] = |W_u|_1 max |x0_k| rounded up (A6) */
        cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)m, (int)c->d, 1.0, c->net[t]->W[0], (int)c->d, x0, 1, 0.0, v, 1);
        for (long u = 0; u < m; u++) {
            if (!isfinite(v[u])) { free(v); return nc_fail(e, NC_EINPUT, "a first-layer pre-activation overflows"); }
            ab[u] = iv_mul_up(c->l1[t][u], xmax);
        }
        cert_fill_dots(c->net[t]->W[0], m, c->d, x0, 0, v, ab, p->dot0[t]);
    }
    free(v);
    return NC_OK;
}

static void point_free(point_t *p)
{
    free(p->dot0[0]);
    free(p->dot0[1]);
    free(p->a);
    free(p->a2);
}

/*@ // net's weights: W[0] m x d, W[l] m x m (1 <= l < depth), v m, finite.
    predicate net_ok{L}(nn_net *net, integer d, integer m, integer depth) = \valid_read(net) &&
      net->d == d && net->width == m && net->depth == depth && \valid_read(net->W + (0 .. depth - 1)) &&
      (\forall integer u; 0 <= u < m ==> \valid_read(row(net->W[0], u, d) + (0 .. d - 1))) &&
      (\forall integer u, k; 0 <= u < m && 0 <= k < d ==> \is_finite(row(net->W[0], u, d)[k])) &&
      (\forall integer l, j; 1 <= l < depth && 0 <= j < m ==> \valid_read(row(net->W[l], j, m) + (0 .. m - 1))) &&
      (\forall integer l, j, k; 1 <= l < depth && 0 <= j < m && 0 <= k < m ==> \is_finite(row(net->W[l], j, m)[k])) &&
      \valid_read(net->v + (0 .. m - 1)) && (\forall integer k; 0 <= k < m ==> \is_finite(net->v[k]));
    // net has the same weights in the states L1 and L2.
    predicate same_net{L1, L2}(nn_net *net) =
      \at(net->d, L1) == \at(net->d, L2) && \at(net->width, L1) == \at(net->width, L2) &&
      \at(net->depth, L1) == \at(net->depth, L2) && \at(net->W, L1) == \at(net->W, L2) &&
      \at(net->v, L1) == \at(net->v, L2) &&
      (\forall integer l; 0 <= l < \at(net->depth, L1) ==> \at(net->W[l], L1) == \at(net->W[l], L2)) &&
      (\forall integer l, j, n, k; 0 <= l < \at(net->depth, L1) ==>
        \at(row(net->W[l], j, n)[k], L1) == \at(row(net->W[l], j, n)[k], L2)) &&
      (\forall integer k; \at(net->v[k], L1) == \at(net->v[k], L2));
    axiomatic Network {
      // Hidden layer l (1 <= l <= depth) of net at the input x: a point of R^m.
      logic vec layer{L}(nn_net *net, integer l, vec x);
      axiom layer_one{L}: \forall nn_net *net, vec x, integer u; 0 <= u < net->width ==>
        coord(layer(net, 1, x), u) == unit(x, row(net->W[0], u, net->d), net->d);
      axiom layer_up{L}: \forall nn_net *net, vec x, integer l, j; 1 <= l && 0 <= j < net->width ==>
        coord(layer(net, l + 1, x), j) == unit(layer(net, l, x), row(net->W[l], j, net->width), net->width);
      // The layers read only the weights (admitted: A11).
      axiom layer_frame{L1, L2}: \forall nn_net *net, integer l, vec x;
        same_net{L1, L2}(net) ==> layer{L1}(net, l, x) == layer{L2}(net, l, x);
    }
    // The network's output f(w, x) = <v, layer_depth(x)> / sqrt(m).
    logic real net_out{L}(nn_net *net, vec x) =
      dotv(layer(net, net->depth, x), net->v, net->width) * quot(1, \sqrt(net->width));
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

/* relu(iv * s) for every product of a point of iv and one of s. */
/*@ requires valid_iv(iv) && valid_iv(s);
    assigns \nothing;
    ensures valid_iv(\result);
    ensures \forall real x, y; in_iv(iv, x) && in_iv(s, y) ==> in_iv(\result, relu(x * y));
*/
static iv_t relu_scaled(iv_t iv, iv_t s)
{
    return relu(iv_mul(iv, s));
}

/* The row after w = row j of the rows of d doubles at X. */
/*@ requires w == row(X, j, d);
    assigns \nothing;
    ensures \result == row(X, j + 1, d);
*/
static const double *row_next(const double *X, long j, long d, const double *w)
{
    (void)X; (void)j; /* read by the contract only */
    return w + d;
}

/* a[u] = an enclosure of relu(<w, x> / sqrt(d)) for every x of the set
 * around x0 (in_set), from dot0 containing <w, x0>, l1 >= |w|_1, l2 >= |w|_2
 * and isd containing 1/sqrt(d). It stores, so that the loop of layer_one
 * keeps a short path to prove its own stores. */
/*@ requires 1 <= d <= 0x1p31 && \valid_read(x0 + (0 .. d - 1)) && \valid_read(w + (0 .. d - 1));
    requires \forall integer k; 0 <= k < d ==> \is_finite(x0[k]) && \is_finite(w[k]);
    requires \is_finite(delta) && 0 <= delta && lo_ok(dlo) && hi_ok(dhi);
    requires dom == 0 ==> \is_minus_infinity(dlo) && \is_plus_infinity(dhi);
    requires valid_iv(dot0) && in_iv(dot0, dotp(x0, w, d));
    requires hi_ok(l1) && above(l1, l1norm(w, d));
    requires hi_ok(l2) && above(l2, \sqrt(dotp(w, w, d)));
    requires valid_iv(isd) && in_iv(isd, quot(1, \sqrt(d)));
    requires 0 <= u && \valid(a + u) && \base_addr(a) != \base_addr(x0) && \base_addr(a) != \base_addr(w);
    assigns a[u];
    ensures valid_iv(a[u]);
    ensures \forall integer k; 0 <= k < u ==> a[k] == \old(a[k]);
    ensures \forall vec x; \old(in_set(x, x0, d, delta, l2n, dom, dlo, dhi)) ==> in_iv(a[u], \old(unit(x, w, d)));
*/
static void unit_first(const double *x0, const double *w, long d, double delta, int l2n, int dom, double dlo,
                       double dhi, iv_t dot0, double l1, double l2, iv_t isd, iv_t *a, long u)
{
    iv_store(a, u, relu_scaled(bound_dot_set(0, l2n, dom, x0, w, d, delta, dlo, dhi, dot0, l1, l2), isd));
}

/* Hidden layer 1 over the set around x0 (in_set): a[u] contains
 * relu(<W_u, x> / sqrt(d)) for the m rows W_u of W, from dot0[u] containing
 * <W_u, x0>, l1[u] >= |W_u|_1 and l2[u] >= |W_u|_2; isd contains 1/sqrt(d). */
/*@ requires 1 <= d <= 0x1p31 && 1 <= m <= 0x1p31;
    requires \forall integer u; 0 <= u < m ==> \valid_read(row(W, u, d) + (0 .. d - 1));
    requires \forall integer u, k; 0 <= u < m && 0 <= k < d ==> \is_finite(row(W, u, d)[k]);
    requires \valid_read(x0 + (0 .. d - 1)) && \forall integer k; 0 <= k < d ==> \is_finite(x0[k]);
    requires \is_finite(delta) && 0 <= delta && lo_ok(dlo) && hi_ok(dhi);
    requires dom == 0 ==> \is_minus_infinity(dlo) && \is_plus_infinity(dhi);
    requires \valid_read(l1 + (0 .. m - 1)) && \valid_read(l2 + (0 .. m - 1)) && \valid_read(dot0 + (0 .. m - 1));
    requires \forall integer u; 0 <= u < m ==>
      hi_ok(l1[u]) && above(l1[u], l1norm(row(W, u, d), d)) &&
      hi_ok(l2[u]) && above(l2[u], \sqrt(dotp(row(W, u, d), row(W, u, d), d))) &&
      valid_iv(dot0[u]) && in_iv(dot0[u], dotp(x0, row(W, u, d), d));
    requires valid_iv(isd) && in_iv(isd, quot(1, \sqrt(d)));
    requires \valid(a + (0 .. m - 1));
    requires \base_addr(a) != \base_addr(W) && \base_addr(a) != \base_addr(x0) && \base_addr(a) != \base_addr(l1) &&
      \base_addr(a) != \base_addr(l2) && \base_addr(a) != \base_addr(dot0);
    assigns a[0 .. m - 1];
    ensures frame: \forall double *q; \base_addr(q) != \base_addr(a) ==>
      *q == \old(*q) && (\is_finite(\old(*q)) ==> \is_finite(*q));
    ensures \forall integer u; 0 <= u < m ==> valid_iv(a[u]);
    ensures \forall vec x; \old(in_set(x, x0, d, delta, l2n, dom, dlo, dhi)) ==>
      \forall integer u; 0 <= u < m ==> in_iv(a[u], \old(unit(x, row(W, u, d), d)));
*/
static void layer_one(const double *W, long m, long d, const double *x0, double delta, int l2n, int dom, double dlo,
                      double dhi, const double *l1, const double *l2, const iv_t *dot0, iv_t isd, iv_t *a)
{
    long u = 0;
    const double *w = W;
    /*@ loop invariant 0 <= u <= m && w == row(W, u, d);
        loop invariant valid: \forall integer k; 0 <= k < u ==> valid_iv(a[k]);
        loop invariant done: \forall vec x; \at(in_set(x, x0, d, delta, l2n, dom, dlo, dhi), Pre) ==>
          \forall integer k; 0 <= k < u ==> in_iv(a[k], \at(unit(x, row(W, k, d), d), Pre));
        loop assigns u, w, a[0 .. m - 1];
        loop variant m - u;
    */
    for (; u < m; u++) {
        /* a is apart from everything the unit reads, so the stores before
         * left it as at Pre: first x0 and the set, then W and the sums */
        //@ assert same_x0: \forall integer k; 0 <= k < d ==> x0[k] == \at(x0[k], Pre);
        /*@ assert same_set: \forall vec x; \at(in_set(x, x0, d, delta, l2n, dom, dlo, dhi), Pre) ==>
              in_set(x, x0, d, delta, l2n, dom, dlo, dhi); */
        //@ assert \forall integer j, k; \base_addr(row(W, j, d) + k) == \base_addr(W);
        /*@ assert same_w: \forall integer j, k; 0 <= j < m && 0 <= k < d ==>
              row(W, j, d)[k] == \at(row(W, j, d)[k], Pre); */
        /*@ assert same_u: \forall integer j; 0 <= j < m ==>
              l1[j] == \at(l1[j], Pre) && l2[j] == \at(l2[j], Pre) && dot0[j] == \at(dot0[j], Pre); */
        /*@ assert same_sums: \forall integer j; 0 <= j < m ==>
              dotp(x0, row(W, j, d), d) == \at(dotp(x0, row(W, j, d), d), Pre) &&
              dotp(row(W, j, d), row(W, j, d), d) == \at(dotp(row(W, j, d), row(W, j, d), d), Pre) &&
              l1norm(row(W, j, d), d) == \at(l1norm(row(W, j, d), d), Pre); */
        /*@ assert same_dotv: \forall vec x, integer i; i == u ==>
              dotv(x, row(W, i, d), d) == \at(dotv(x, row(W, i, d), d), Pre); */
        /*@ assert same_unit: \forall vec x, integer i; i == u ==>
              unit(x, row(W, i, d), d) == \at(unit(x, row(W, i, d), d), Pre); */
        unit_first(x0, w, d, delta, l2n, dom, dlo, dhi, dot0[u], l1[u], l2[u], isd, a, u);
        w = row_next(W, u, d, w);
    }
}

/* The next hidden layer: out[j] contains relu(<W_j, z> / sqrt(m)) for the
 * m rows W_j of W and every point z in a; s contains 1/sqrt(m). */
/*@ requires 1 <= m <= 0x1p31;
    requires \forall integer j; 0 <= j < m ==> \valid_read(row(W, j, m) + (0 .. m - 1));
    requires \forall integer j, k; 0 <= j < m && 0 <= k < m ==> \is_finite(row(W, j, m)[k]);
    requires \valid_read(a + (0 .. m - 1)) && \forall integer k; 0 <= k < m ==> valid_iv(a[k]);
    requires valid_iv(s) && in_iv(s, quot(1, \sqrt(m)));
    requires \valid(out + (0 .. m - 1));
    requires \base_addr(out) != \base_addr(W) && \base_addr(out) != \base_addr(a);
    assigns out[0 .. m - 1];
    ensures frame: \forall double *q; \base_addr(q) != \base_addr(out) ==>
      *q == \old(*q) && (\is_finite(\old(*q)) ==> \is_finite(*q));
    ensures \forall integer j; 0 <= j < m ==> valid_iv(out[j]);
    ensures \forall vec z; \old(acts(z, a, m)) ==>
      \forall integer j; 0 <= j < m ==> in_iv(out[j], \old(unit(z, row(W, j, m), m)));
*/
static void layer_next(const double *W, long m, iv_t s, const iv_t *a, iv_t *out)
{
    long j = 0;
    const double *w = W;
    /*@ loop invariant 0 <= j <= m && w == row(W, j, m);
        loop invariant valid: \forall integer k; 0 <= k < j ==> valid_iv(out[k]);
        loop invariant done: \forall vec z; \at(acts(z, a, m), Pre) ==>
          \forall integer k; 0 <= k < j ==> in_iv(out[k], \at(unit(z, row(W, k, m), m), Pre));
        loop assigns j, w, out[0 .. m - 1];
        loop variant m - j;
    */
    for (; j < m; j++) {
        //@ assert \forall integer i, k; \base_addr(row(W, i, m) + k) == \base_addr(W);
        /*@ assert same_w: \forall integer i, k; 0 <= i < m && 0 <= k < m ==>
              row(W, i, m)[k] == \at(row(W, i, m)[k], Pre); */
        //@ assert same_a: \forall integer k; 0 <= k < m ==> a[k] == \at(a[k], Pre);
        iv_t t = weighted_sum(w, a, m);
        //@ assert same_acts: \forall vec z; \at(acts(z, a, m), Pre) ==> acts(z, a, m);
        /*@ assert same_dotv: \forall vec z, integer i; 0 <= i < m ==>
              dotv(z, row(W, i, m), m) == \at(dotv(z, row(W, i, m), m), Pre); */
        iv_t r = relu_scaled(t, s);
        /*@ assert unit: \forall vec z, integer i; i == j && \at(acts(z, a, m), Pre) ==>
              in_iv(r, \at(unit(z, row(W, i, m), m), Pre)); */
        iv_store(out, j, r);
        w = row_next(W, j, m, w);
    }
}

/*@ // What ibp_prepare makes of network t: its weights, and the bounds on
    // its first-layer row norms.
    predicate net_t_ok{L}(ibp_ctx *c, integer t) = net_ok(c->net[t], c->d, c->m, c->depth) &&
      \valid_read(c->l1[t] + (0 .. c->m - 1)) && \valid_read(c->l2[t] + (0 .. c->m - 1)) &&
      \forall integer u; 0 <= u < c->m ==>
        hi_ok(c->l1[t][u]) && above(c->l1[t][u], l1norm(row(c->net[t]->W[0], u, c->d), c->d)) &&
        hi_ok(c->l2[t][u]) &&
        above(c->l2[t][u], \sqrt(dotp(row(c->net[t]->W[0], u, c->d), row(c->net[t]->W[0], u, c->d), c->d)));
    // What ibp_prepare makes of a model: the above for each network (two
    // when centred), 1/sqrt(d), 1/sqrt(m), and the set's description.
    predicate ibp_ok{L}(ibp_ctx *c) = \valid_read(c) &&
      1 <= c->d <= 0x1p31 && 1 <= c->m <= 0x1p31 && 1 <= c->depth && (c->nets == 1 || c->nets == 2) &&
      net_t_ok(c, 0) && (c->nets == 2 ==> net_t_ok(c, 1)) &&
      valid_iv(c->isd) && in_iv(c->isd, quot(1, \sqrt(c->d))) &&
      valid_iv(c->ism) && in_iv(c->ism, quot(1, \sqrt(c->m))) &&
      lo_ok(c->dlo) && hi_ok(c->dhi) && (c->dom == 0 ==> \is_minus_infinity(c->dlo) && \is_plus_infinity(c->dhi));
    // The work array a lies apart from what network t's bound reads.
    predicate apart_t{L}(iv_t *a, point_t *p, ibp_ctx *c, integer t) =
      \base_addr(a) != \base_addr(p->dot0[t]) && \base_addr(a) != \base_addr(c->l1[t]) &&
      \base_addr(a) != \base_addr(c->l2[t]) && \base_addr(a) != \base_addr(c->net[t]) &&
      \base_addr(a) != \base_addr(c->net[t]->W) && \base_addr(a) != \base_addr(c->net[t]->v) &&
      \forall integer l; 0 <= l < c->depth ==> \base_addr(a) != \base_addr(c->net[t]->W[l]);
    predicate apart{L}(iv_t *a, point_t *p, ibp_ctx *c) =
      \base_addr(a) != \base_addr(p) && \base_addr(a) != \base_addr(c) && \base_addr(a) != \base_addr(p->x0) &&
      apart_t(a, p, c, 0) && (c->nets == 2 ==> apart_t(a, p, c, 1));
    // What point_init makes of a test point x0 for network t: the
    // enclosures of <W_u, x0>.
    predicate dots_ok{L}(point_t *p, ibp_ctx *c, integer t) = \valid_read(p->dot0[t] + (0 .. c->m - 1)) &&
      \forall integer u; 0 <= u < c->m ==>
        valid_iv(p->dot0[t][u]) && in_iv(p->dot0[t][u], dotp(p->x0, row(c->net[t]->W[0], u, c->d), c->d));
    predicate pt_ok{L}(point_t *p, ibp_ctx *c) = \valid_read(p) &&
      \valid_read(p->x0 + (0 .. c->d - 1)) && (\forall integer k; 0 <= k < c->d ==> \is_finite(p->x0[k])) &&
      dots_ok(p, c, 0) && (c->nets == 2 ==> dots_ok(p, c, 1)) &&
      \valid(p->a + (0 .. c->m - 1)) && \valid(p->a2 + (0 .. c->m - 1)) && \base_addr(p->a) != \base_addr(p->a2) &&
      apart(p->a, p, c) && apart(p->a2, p, c);
    // x lies in the set that c's options certify around p's point.
    predicate in_ibp_set{L}(vec x, ibp_ctx *c, point_t *p, real delta) =
      in_set(x, p->x0, c->d, delta, c->l2n, c->dom, c->dlo, c->dhi);
*/

/* The enclosure of network t's output over the set at delta, in doubles. */
/*@ requires ibp_ok(c) && pt_ok(p, c) && 0 <= t < c->nets && \is_finite(delta) && 0 <= delta;
    assigns p->a[0 .. c->m - 1], p->a2[0 .. c->m - 1];
    ensures valid_iv(\result);
    ensures \forall vec x; \old(in_ibp_set(x, c, p, delta)) ==> in_iv(\result, \old(net_out(c->net[t], x)));
*/
static iv_t net_double(const ibp_ctx *c, const point_t *p, int t, double delta)
{
    const long m = c->m;
    const nn_net *net = c->net[t];
    const iv_t ism = c->ism; /* a local, which the layers' stores cannot reach */
    //@ assert t == 0 || (t == 1 && c->nets == 2);
    //@ assert ok: net_t_ok(c, t) && dots_ok(p, c, t) && apart_t(p->a, p, c, t) && apart_t(p->a2, p, c, t);
    //@ assert shape: c->net[t]->depth == c->depth && c->net[t]->width == m && c->net[t]->d == c->d;
    /*@ assert finite: (\forall integer l, j, k; 1 <= l < c->depth && 0 <= j < m && 0 <= k < m ==>
          \is_finite(row(c->net[t]->W[l], j, m)[k])) && \forall integer k; 0 <= k < m ==> \is_finite(c->net[t]->v[k]); */
    iv_t *a = p->a, *a2 = p->a2; /* the current layer, the next */
    /* The weights lie apart from both work arrays, so the layers' frames
     * (every double outside their output as it was) keep them, and with
     * them the network's layers (layer_frame). */
    /*@ assert apart_w: \forall integer l, j, n, k; 0 <= l < c->net[t]->depth ==>
          \base_addr(row(c->net[t]->W[l], j, n) + k) != \base_addr(a) &&
          \base_addr(row(c->net[t]->W[l], j, n) + k) != \base_addr(a2); */
    /*@ assert apart_v: \forall integer k;
          \base_addr(c->net[t]->v + k) != \base_addr(a) && \base_addr(c->net[t]->v + k) != \base_addr(a2); */
    layer_one(net->W[0], m, c->d, p->x0, delta, c->l2n, c->dom, c->dlo, c->dhi, c->l1[t], c->l2[t], p->dot0[t],
              c->isd, a);
    /*@ assert same_w1: \forall integer l, j, n, k; 0 <= l < c->net[t]->depth ==>
          row(c->net[t]->W[l], j, n)[k] == \at(row(c->net[t]->W[l], j, n)[k], Pre) &&
          (\is_finite(\at(row(c->net[t]->W[l], j, n)[k], Pre)) ==> \is_finite(row(c->net[t]->W[l], j, n)[k])); */
    /*@ assert same_v1: \forall integer k; c->net[t]->v[k] == \at(c->net[t]->v[k], Pre) &&
          (\is_finite(\at(c->net[t]->v[k], Pre)) ==> \is_finite(c->net[t]->v[k])); */
    //@ assert same_one: same_net{Here, Pre}(c->net[t]);
    /*@ assert dotv_one: \forall vec x, integer u; 0 <= u < m ==>
          dotv(x, row(c->net[t]->W[0], u, c->d), c->d) == \at(dotv(x, row(c->net[t]->W[0], u, c->d), c->d), Pre); */
    /*@ assert unit_one: \forall vec x, integer u; 0 <= u < m ==>
          unit(x, row(c->net[t]->W[0], u, c->d), c->d) == \at(unit(x, row(c->net[t]->W[0], u, c->d), c->d), Pre); */
    /*@ assert coord_one: \forall vec x, integer u; 0 <= u < m ==>
          coord(layer(c->net[t], 1, x), u) == \at(unit(x, row(c->net[t]->W[0], u, c->d), c->d), Pre); */
    /*@ assert layer_one: \forall vec x; \at(in_ibp_set(x, c, p, delta), Pre) ==> acts(layer(c->net[t], 1, x), a, m); */
    int l = 1;
    /*@ loop invariant 1 <= l <= c->depth;
        loop invariant valid: \forall integer k; 0 <= k < m ==> valid_iv(a[k]);
        loop invariant acts: \forall vec x; \at(in_ibp_set(x, c, p, delta), Pre) ==> acts(layer(c->net[t], l, x), a, m);
        loop invariant same_w: \forall integer l, j, n, k; 0 <= l < c->net[t]->depth ==>
          row(c->net[t]->W[l], j, n)[k] == \at(row(c->net[t]->W[l], j, n)[k], Pre) &&
          (\is_finite(\at(row(c->net[t]->W[l], j, n)[k], Pre)) ==> \is_finite(row(c->net[t]->W[l], j, n)[k]));
        loop invariant same_v: \forall integer k; c->net[t]->v[k] == \at(c->net[t]->v[k], Pre) &&
          (\is_finite(\at(c->net[t]->v[k], Pre)) ==> \is_finite(c->net[t]->v[k]));
        loop invariant same: same_net{Here, Pre}(c->net[t]);
        loop invariant bufs: (a == p->a && a2 == p->a2) || (a == p->a2 && a2 == p->a);
        loop assigns l, a, a2, p->a[0 .. m - 1], p->a2[0 .. m - 1];
        loop variant c->depth - l;
    */
    for (; l < c->depth; l++) {
        //@ assert \base_addr(a2) != \base_addr(a) && \base_addr(a2) != \base_addr(c->net[t]->W[l]);
        /*@ assert fin_l: \forall integer j, k; 0 <= j < m && 0 <= k < m ==>
              \is_finite(row(c->net[t]->W[l], j, m)[k]); */
        layer_next(net->W[l], m, ism, a, a2);
        /*@ assert next: \forall vec x; \at(in_ibp_set(x, c, p, delta), Pre) ==> \forall integer k; 0 <= k < m ==>
              in_iv(a2[k], \at(unit(layer(c->net[t], l, x), row(c->net[t]->W[l], k, m), m), LoopCurrent)); */
        /*@ assert same_w2: \forall integer l, j, n, k; 0 <= l < c->net[t]->depth ==>
              row(c->net[t]->W[l], j, n)[k] == \at(row(c->net[t]->W[l], j, n)[k], Pre) &&
              (\is_finite(\at(row(c->net[t]->W[l], j, n)[k], Pre)) ==> \is_finite(row(c->net[t]->W[l], j, n)[k])); */
        /*@ assert same_v2: \forall integer k; c->net[t]->v[k] == \at(c->net[t]->v[k], Pre) &&
              (\is_finite(\at(c->net[t]->v[k], Pre)) ==> \is_finite(c->net[t]->v[k])); */
        //@ assert same_next: same_net{Here, Pre}(c->net[t]);
        /*@ assert same_layer: \forall vec x, integer i; i == l ==>
              layer(c->net[t], i, x) == \at(layer(c->net[t], i, x), Pre) &&
              \at(layer(c->net[t], i, x), LoopCurrent) == \at(layer(c->net[t], i, x), Pre); */
        /*@ assert dotv_next: \forall vec z, integer k; 0 <= k < m ==>
              dotv(z, row(c->net[t]->W[l], k, m), m) == \at(dotv(z, row(c->net[t]->W[l], k, m), m), LoopCurrent); */
        /*@ assert unit_next: \forall vec z, integer k; 0 <= k < m ==>
              unit(z, row(c->net[t]->W[l], k, m), m) == \at(unit(z, row(c->net[t]->W[l], k, m), m), LoopCurrent); */
        /*@ assert up: \forall vec x, integer k; 0 <= k < m ==>
              coord(layer(c->net[t], l + 1, x), k) == unit(layer(c->net[t], l, x), row(c->net[t]->W[l], k, m), m); */
        /*@ assert coord_next: \forall vec x, integer k; 0 <= k < m ==>
              coord(layer(c->net[t], l + 1, x), k) == \at(unit(layer(c->net[t], l, x), row(c->net[t]->W[l], k, m), m), LoopCurrent); */
        /*@ assert next_acts: \forall vec x; \at(in_ibp_set(x, c, p, delta), Pre) ==>
              acts(layer(c->net[t], l + 1, x), a2, m); */
        iv_t *tmp = a;
        a = a2;
        a2 = tmp;
    }
    //@ assert fin_v: \forall integer k; 0 <= k < m ==> \is_finite(c->net[t]->v[k]);
    iv_t s = weighted_sum(net->v, a, m);
    /*@ assert sum: \forall vec x; \at(in_ibp_set(x, c, p, delta), Pre) ==>
          in_iv(s, dotv(layer(c->net[t], c->net[t]->depth, x), c->net[t]->v, m)); */
    //@ assert same_end: \forall vec x; layer(c->net[t], c->net[t]->depth, x) == \at(layer(c->net[t], c->net[t]->depth, x), Pre);
    //@ assert same_dotv: \forall vec z; dotv(z, c->net[t]->v, m) == \at(dotv(z, c->net[t]->v, c->m), Pre);
    /*@ assert sum_pre: \forall vec x; \at(in_ibp_set(x, c, p, delta), Pre) ==>
          in_iv(s, \at(dotv(layer(c->net[t], c->net[t]->depth, x), c->net[t]->v, c->net[t]->width), Pre)); */
    return iv_mul(s, ism);
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
        if (c->dom && delta > 0) { /* sum_k w_k [x0_k - delta, x0_k + delta] meet [lo, hi] */
            mpfi_set_ui(h, 0);
            for (long k = 0; k < d; k++) {
                mpfi_set_d(x, p->x0[k]);
                mpfi_add(x, x, dl);
                if (mpfr_cmp_d(&x->left, c->dlo) < 0) mpfr_set_d(&x->left, c->dlo, MPFR_RNDD);
                if (mpfr_cmp_d(&x->right, c->dhi) > 0) mpfr_set_d(&x->right, c->dhi, MPFR_RNDU);
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
        if (c->dom && delta > 0) {
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
