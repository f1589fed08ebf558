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

/*@ // net's weights: W[0] m x d, W[l] m x m (1 <= l < depth), v m (net_shape),
    // finite (net_vals).
    predicate net_shape{L}(nn_net *net, integer d, integer m, integer depth) = \valid_read(net) &&
      net->d == d && net->width == m && net->depth == depth && \valid_read(net->W + (0 .. depth - 1)) &&
      (\forall integer u; 0 <= u < m ==> \valid_read(row(net->W[0], u, d) + (0 .. d - 1))) &&
      (\forall integer l, j; 1 <= l < depth && 0 <= j < m ==> \valid_read(row(net->W[l], j, m) + (0 .. m - 1))) &&
      \valid_read(net->v + (0 .. m - 1));
    predicate w0_fin{L}(nn_net *net, integer d, integer m) =
      \forall integer u, k; 0 <= u < m && 0 <= k < d ==> \is_finite(row(net->W[0], u, d)[k]);
    predicate wl_fin{L}(nn_net *net, integer m, integer depth) =
      \forall integer l, j, k; 1 <= l < depth && 0 <= j < m && 0 <= k < m ==> \is_finite(row(net->W[l], j, m)[k]);
    predicate v_fin{L}(nn_net *net, integer m) = \forall integer k; 0 <= k < m ==> \is_finite(net->v[k]);
    predicate net_vals{L}(nn_net *net, integer d, integer m, integer depth) =
      w0_fin(net, d, m) && wl_fin(net, m, depth) && v_fin(net, m);
    predicate net_ok{L}(nn_net *net, integer d, integer m, integer depth) =
      net_shape(net, d, m, depth) && net_vals(net, d, m, depth);
    // net's sizes and pointers are the same in L1 and L2.
    predicate net_ptrs{L1, L2}(nn_net *net) =
      \at(net->d, L1) == \at(net->d, L2) && \at(net->width, L1) == \at(net->width, L2) &&
      \at(net->depth, L1) == \at(net->depth, L2) && \at(net->W, L1) == \at(net->W, L2) &&
      \at(net->v, L1) == \at(net->v, L2) &&
      \forall integer l; 0 <= l < \at(net->depth, L1) ==> \at(net->W[l], L1) == \at(net->W[l], L2);
    // net has the same weights in the states L1 and L2.
    predicate same_net{L1, L2}(nn_net *net) = net_ptrs{L1, L2}(net) &&
      (\forall integer l, j, n, k; 0 <= l < \at(net->depth, L1) ==>
        \at(row(net->W[l], j, n)[k], L1) == \at(row(net->W[l], j, n)[k], L2)) &&
      (\forall integer k; \at(net->v[k], L1) == \at(net->v[k], L2));
    axiomatic Network {
      // Hidden layer l (1 <= l <= depth) of net at the input x: a point of R^m.
      logic vec layer{L}(nn_net *net, integer l, vec x)
        reads net->d, net->width, net->W[0 .. l - 1][0 .. net->width * \max(net->d, net->width) - 1];
      axiom layer_one{L}: \forall nn_net *net, vec x, integer u; 0 <= u < net->width ==>
        coord(layer(net, 1, x), u) == unit(x, row(net->W[0], u, net->d), net->d);
      axiom layer_up{L}: \forall nn_net *net, vec x, integer l, j; 1 <= l && 0 <= j < net->width ==>
        coord(layer(net, l + 1, x), j) == unit(layer(net, l, x), row(net->W[l], j, net->width), net->width);
      // The layers read only the weights (admitted: A11).
      axiom layer_frame{L1, L2}: \forall nn_net *net, integer l, vec x;
        same_net{L1, L2}(net) ==> layer{L1}(net, l, x) == layer{L2}(net, l, x);
    }
    // s / sqrt(m), behind a symbol of its own so that two equal sums give
    // equal outputs without the provers' nonlinear arithmetic.
    axiomatic Scaled {
      logic real scaled(real s, integer m);
      axiom scaled_def: \forall real s, integer m; scaled(s, m) == s * quot(1, \sqrt(m));
    }
    // The network's output f(w, x) = <v, layer_depth(x)> / sqrt(m).
    logic real net_out{L}(nn_net *net, vec x) = scaled(dotv(layer(net, net->depth, x), net->v, net->width), net->width);
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
      keeps(\old(*q), *q);
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
      keeps(\old(*q), *q);
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
    // its first-layer row norms. Each predicate of a state here is split in
    // two: what reads only sizes, pointers and validity (_shape), which a
    // call that writes only doubles keeps as it is, and what reads doubles
    // (_vals), which the lemmas below carry across such a call.
    predicate net_t_shape{L}(ibp_ctx *c, integer t) = net_shape(c->net[t], c->d, c->m, c->depth) &&
      \valid_read(c->l1[t] + (0 .. c->m - 1)) && \valid_read(c->l2[t] + (0 .. c->m - 1));
    // b[u] bounds |row u of X|_1 (|row u of X|_2) from above, 0 <= u < m.
    predicate l1_bounds{L}(double *b, double *X, integer m, integer d) = \forall integer u; 0 <= u < m ==>
      hi_ok(b[u]) && above(b[u], l1norm(row(X, u, d), d));
    predicate l2_bounds{L}(double *b, double *X, integer m, integer d) = \forall integer u; 0 <= u < m ==>
      hi_ok(b[u]) && above(b[u], \sqrt(dotp(row(X, u, d), row(X, u, d), d)));
    predicate net_t_vals{L}(ibp_ctx *c, integer t) = net_vals(c->net[t], c->d, c->m, c->depth) &&
      l1_bounds(c->l1[t], c->net[t]->W[0], c->m, c->d) && l2_bounds(c->l2[t], c->net[t]->W[0], c->m, c->d);
    predicate net_t_ok{L}(ibp_ctx *c, integer t) = net_t_shape(c, t) && net_t_vals(c, t);
    // What ibp_prepare makes of a model: the above for each network (two
    // when centred), 1/sqrt(d), 1/sqrt(m), and the set's description.
    predicate ibp_shape{L}(ibp_ctx *c) = \valid_read(c) &&
      1 <= c->d <= 0x1p31 && 1 <= c->m <= 0x1p31 && 1 <= c->depth && (c->nets == 1 || c->nets == 2) &&
      net_t_shape(c, 0) && (c->nets == 2 ==> net_t_shape(c, 1));
    predicate ibp_vals{L}(ibp_ctx *c) = net_t_vals(c, 0) && (c->nets == 2 ==> net_t_vals(c, 1)) &&
      valid_iv(c->isd) && in_iv(c->isd, quot(1, \sqrt(c->d))) &&
      valid_iv(c->ism) && in_iv(c->ism, quot(1, \sqrt(c->m))) &&
      lo_ok(c->dlo) && hi_ok(c->dhi) && (c->dom == 0 ==> \is_minus_infinity(c->dlo) && \is_plus_infinity(c->dhi));
    predicate ibp_ok{L}(ibp_ctx *c) = ibp_shape(c) && ibp_vals(c);
    // The work array a lies apart from what network t's bound reads.
    predicate net_apart{L}(iv_t *a, nn_net *net) =
      \base_addr(a) != \base_addr(net) && \base_addr(a) != \base_addr(net->W) && \base_addr(a) != \base_addr(net->v) &&
      \forall integer l; 0 <= l < net->depth ==> \base_addr(a) != \base_addr(net->W[l]);
    predicate apart_t{L}(iv_t *a, point_t *p, ibp_ctx *c, integer t) =
      \base_addr(a) != \base_addr(p->dot0[t]) && \base_addr(a) != \base_addr(c->l1[t]) &&
      \base_addr(a) != \base_addr(c->l2[t]) && net_apart(a, c->net[t]);
    predicate apart{L}(iv_t *a, point_t *p, ibp_ctx *c) =
      \base_addr(a) != \base_addr(p) && \base_addr(a) != \base_addr(c) && \base_addr(a) != \base_addr(p->x0) &&
      apart_t(a, p, c, 0) && (c->nets == 2 ==> apart_t(a, p, c, 1));
    // What point_init makes of a test point x0 for network t: the
    // enclosures of <W_u, x0>.
    predicate dots_shape{L}(point_t *p, ibp_ctx *c, integer t) = \valid_read(p->dot0[t] + (0 .. c->m - 1));
    // e[u] encloses <x0, row u of X>, 0 <= u < m.
    predicate dot_encl{L}(iv_t *e, double *x0, double *X, integer m, integer d) = \forall integer u; 0 <= u < m ==>
      valid_iv(e[u]) && in_iv(e[u], dotp(x0, row(X, u, d), d));
    predicate dots_vals{L}(point_t *p, ibp_ctx *c, integer t) = dot_encl(p->dot0[t], p->x0, c->net[t]->W[0], c->m, c->d);
    predicate dots_ok{L}(point_t *p, ibp_ctx *c, integer t) = dots_shape(p, c, t) && dots_vals(p, c, t);
    predicate pt_shape{L}(point_t *p, ibp_ctx *c) = \valid_read(p) &&
      \valid_read(p->x0 + (0 .. c->d - 1)) && dots_shape(p, c, 0) && (c->nets == 2 ==> dots_shape(p, c, 1)) &&
      \valid(p->a + (0 .. c->m - 1)) && \valid(p->a2 + (0 .. c->m - 1)) && \base_addr(p->a) != \base_addr(p->a2) &&
      apart(p->a, p, c) && apart(p->a2, p, c);
    predicate pt_vals{L}(point_t *p, ibp_ctx *c) = (\forall integer k; 0 <= k < c->d ==> \is_finite(p->x0[k])) &&
      dots_vals(p, c, 0) && (c->nets == 2 ==> dots_vals(p, c, 1));
    predicate pt_ok{L}(point_t *p, ibp_ctx *c) = pt_shape(p, c) && pt_vals(p, c);
    // x lies in the set that c's options certify around p's point.
    predicate in_ibp_set{L}(vec x, ibp_ctx *c, point_t *p, real delta) =
      in_set(x, p->x0, c->d, delta, c->l2n, c->dom, c->dlo, c->dhi);
    // The output at x: f(w, x), or f(w_T, x) - f(w_0, x) when centred.
    logic real ibp_out{L}(ibp_ctx *c, vec x) = net_out(c->net[0], x) - (c->nets == 2 ? net_out(c->net[1], x) : 0);
    // y f > 0 (y = -1 or +1) on the set at delta around p's point. Stated for a network
    // evaluated in doubles; the MPFI twin (--precision) is not proved
    // (proofs/pending.txt), so for it this says nothing.
    predicate ibp_verified{L}(ibp_ctx *c, point_t *p, real y, real delta) =
      c->o.precision > 0 || \forall vec x; in_ibp_set(x, c, p, delta) ==> (y > 0 ? 0 < ibp_out(c, x) : ibp_out(c, x) < 0);

    // From L1 to L2 only the work arrays a and a2 changed: every other
    // double is as it was, and as finite.
    predicate kept{L1, L2}(iv_t *a, iv_t *a2) = \forall double *q;
      \base_addr{L1}(q) != \base_addr{L1}(a) && \base_addr{L1}(q) != \base_addr{L1}(a2) ==>
        keeps(\at(*q, L1), \at(*q, L2));
    // So are c's and p's: a call that writes only doubles keeps them.
    predicate ptrs{L1, L2}(ibp_ctx *c, point_t *p) =
      \at(c->d, L1) == \at(c->d, L2) && \at(c->m, L1) == \at(c->m, L2) && \at(c->depth, L1) == \at(c->depth, L2) &&
      \at(c->nets, L1) == \at(c->nets, L2) && \at(c->l2n, L1) == \at(c->l2n, L2) &&
      \at(c->dom, L1) == \at(c->dom, L2) && \at(c->o.precision, L1) == \at(c->o.precision, L2) &&
      (\forall integer t; 0 <= t < 2 ==> \at(c->net[t], L1) == \at(c->net[t], L2) &&
        \at(c->l1[t], L1) == \at(c->l1[t], L2) && \at(c->l2[t], L1) == \at(c->l2[t], L2) &&
        \at(p->dot0[t], L1) == \at(p->dot0[t], L2)) &&
      net_ptrs{L1, L2}(\at(c->net[0], L1)) && net_ptrs{L1, L2}(\at(c->net[1], L1)) &&
      \at(p->x0, L1) == \at(p->x0, L2) && \at(p->a, L1) == \at(p->a, L2) && \at(p->a2, L1) == \at(p->a2, L2);
    // The frame of a call that writes only the work arrays (proofs/lemmas.c
    // proves these, by including this file).
    lemma rows_kept{L1, L2}: \forall double *X, double *x, iv_t *a, *a2, integer j, n;
      \base_addr{L1}(X) != \base_addr{L1}(a) && \base_addr{L1}(X) != \base_addr{L1}(a2) &&
      \base_addr{L1}(x) != \base_addr{L1}(a) && \base_addr{L1}(x) != \base_addr{L1}(a2) && kept{L1, L2}(a, a2) ==>
      l1norm{L1}(row(X, j, n), n) == l1norm{L2}(row(X, j, n), n) &&
      dotp{L1}(row(X, j, n), row(X, j, n), n) == dotp{L2}(row(X, j, n), row(X, j, n), n) &&
      dotp{L1}(x, row(X, j, n), n) == dotp{L2}(x, row(X, j, n), n);
    lemma l1_kept{L1, L2}: \forall double *b, *X, iv_t *a, *a2, integer m, d;
      \base_addr{L1}(X) != \base_addr{L1}(a) && \base_addr{L1}(X) != \base_addr{L1}(a2) &&
      \base_addr{L1}(b) != \base_addr{L1}(a) && \base_addr{L1}(b) != \base_addr{L1}(a2) && kept{L1, L2}(a, a2) &&
      l1_bounds{L1}(b, X, m, d) ==> l1_bounds{L2}(b, X, m, d);
    lemma l2_kept{L1, L2}: \forall double *b, *X, iv_t *a, *a2, integer m, d;
      \base_addr{L1}(X) != \base_addr{L1}(a) && \base_addr{L1}(X) != \base_addr{L1}(a2) &&
      \base_addr{L1}(b) != \base_addr{L1}(a) && \base_addr{L1}(b) != \base_addr{L1}(a2) && kept{L1, L2}(a, a2) &&
      l2_bounds{L1}(b, X, m, d) ==> l2_bounds{L2}(b, X, m, d);
    lemma encl_kept{L1, L2}: \forall iv_t *e, double *x0, *X, iv_t *a, *a2, integer m, d;
      \base_addr{L1}(X) != \base_addr{L1}(a) && \base_addr{L1}(X) != \base_addr{L1}(a2) &&
      \base_addr{L1}(x0) != \base_addr{L1}(a) && \base_addr{L1}(x0) != \base_addr{L1}(a2) &&
      \base_addr{L1}(e) != \base_addr{L1}(a) && \base_addr{L1}(e) != \base_addr{L1}(a2) && kept{L1, L2}(a, a2) &&
      dot_encl{L1}(e, x0, X, m, d) ==> dot_encl{L2}(e, x0, X, m, d);
    lemma dotv_kept{L1, L2}: \forall vec x, double *z, iv_t *a, *a2, integer n;
      \base_addr{L1}(z) != \base_addr{L1}(a) && \base_addr{L1}(z) != \base_addr{L1}(a2) && kept{L1, L2}(a, a2) ==>
      dotv{L1}(x, z, n) == dotv{L2}(x, z, n);
    lemma v_kept{L1, L2}: \forall nn_net *net, iv_t *a, *a2, integer m;
      v_fin{L1}(net, m) && net_ptrs{L1, L2}(net) && net_apart{L1}(a, net) && net_apart{L1}(a2, net) &&
      kept{L1, L2}(a, a2) ==> v_fin{L2}(net, m);
    lemma w0_kept{L1, L2}: \forall nn_net *net, iv_t *a, *a2, integer d, m;
      w0_fin{L1}(net, d, m) && net_ptrs{L1, L2}(net) && 1 <= \at(net->depth, L1) &&
      net_apart{L1}(a, net) && net_apart{L1}(a2, net) && kept{L1, L2}(a, a2) ==> w0_fin{L2}(net, d, m);
    lemma wl_kept{L1, L2}: \forall nn_net *net, iv_t *a, *a2, integer m, depth;
      wl_fin{L1}(net, m, depth) && net_ptrs{L1, L2}(net) && depth == \at(net->depth, L1) &&
      net_apart{L1}(a, net) && net_apart{L1}(a2, net) && kept{L1, L2}(a, a2) ==> wl_fin{L2}(net, m, depth);
    lemma net_vals_kept{L1, L2}: \forall nn_net *net, iv_t *a, *a2, integer d, m, depth;
      net_vals{L1}(net, d, m, depth) && net_ptrs{L1, L2}(net) && \at(net->depth, L1) == depth && 1 <= depth &&
      net_apart{L1}(a, net) && net_apart{L1}(a2, net) && kept{L1, L2}(a, a2) ==> net_vals{L2}(net, d, m, depth);
    lemma same_kept{L1, L2}: \forall nn_net *net, iv_t *a, *a2;
      net_ptrs{L1, L2}(net) && net_apart{L1}(a, net) && net_apart{L1}(a2, net) && kept{L1, L2}(a, a2) ==>
      same_net{L1, L2}(net);
    lemma sum_kept{L1, L2}: \forall nn_net *net, iv_t *a, *a2, vec z;
      net_apart{L1}(a, net) && net_apart{L1}(a2, net) && kept{L1, L2}(a, a2) ==>
      dotv{L1}(z, \at(net->v, L1), \at(net->width, L1)) == dotv{L2}(z, \at(net->v, L1), \at(net->width, L1));
    lemma out_kept{L1, L2}: \forall nn_net *net, iv_t *a, *a2, vec x;
      net_ptrs{L1, L2}(net) && net_apart{L1}(a, net) && net_apart{L1}(a2, net) && kept{L1, L2}(a, a2) ==>
      net_out{L1}(net, x) == net_out{L2}(net, x);
    lemma net_t_w_kept{L1, L2}: \forall ibp_ctx *c, point_t *p, integer t; (t == 0 || (t == 1 && \at(c->nets, L1) == 2)) &&
      ibp_shape{L1}(c) && net_t_vals{L1}(c, t) && apart_t{L1}(\at(p->a, L1), p, c, t) && apart_t{L1}(\at(p->a2, L1), p, c, t) &&
      ptrs{L1, L2}(c, p) && kept{L1, L2}(\at(p->a, L1), \at(p->a2, L1)) ==> net_vals{L2}(\at(c->net[t], L2), \at(c->d, L2), \at(c->m, L2), \at(c->depth, L2));
    lemma net_t_l1_kept{L1, L2}: \forall ibp_ctx *c, point_t *p, integer t; (t == 0 || (t == 1 && \at(c->nets, L1) == 2)) &&
      ibp_shape{L1}(c) && net_t_vals{L1}(c, t) && apart_t{L1}(\at(p->a, L1), p, c, t) && apart_t{L1}(\at(p->a2, L1), p, c, t) &&
      ptrs{L1, L2}(c, p) && kept{L1, L2}(\at(p->a, L1), \at(p->a2, L1)) ==> l1_bounds{L2}(\at(c->l1[t], L2), \at(c->net[t]->W[0], L2), \at(c->m, L2), \at(c->d, L2));
    lemma net_t_l2_kept{L1, L2}: \forall ibp_ctx *c, point_t *p, integer t; (t == 0 || (t == 1 && \at(c->nets, L1) == 2)) &&
      ibp_shape{L1}(c) && net_t_vals{L1}(c, t) && apart_t{L1}(\at(p->a, L1), p, c, t) && apart_t{L1}(\at(p->a2, L1), p, c, t) &&
      ptrs{L1, L2}(c, p) && kept{L1, L2}(\at(p->a, L1), \at(p->a2, L1)) ==> l2_bounds{L2}(\at(c->l2[t], L2), \at(c->net[t]->W[0], L2), \at(c->m, L2), \at(c->d, L2));
    lemma net_t_kept{L1, L2}: \forall ibp_ctx *c, point_t *p, integer t; (t == 0 || (t == 1 && \at(c->nets, L1) == 2)) &&
      ibp_shape{L1}(c) && net_t_vals{L1}(c, t) && apart_t{L1}(\at(p->a, L1), p, c, t) && apart_t{L1}(\at(p->a2, L1), p, c, t) &&
      ptrs{L1, L2}(c, p) && kept{L1, L2}(\at(p->a, L1), \at(p->a2, L1)) ==> net_t_vals{L2}(c, t);
    lemma dots_kept{L1, L2}: \forall ibp_ctx *c, point_t *p, integer t; (t == 0 || (t == 1 && \at(c->nets, L1) == 2)) &&
      ibp_shape{L1}(c) && dots_vals{L1}(p, c, t) && apart{L1}(\at(p->a, L1), p, c) && apart{L1}(\at(p->a2, L1), p, c) &&
      apart_t{L1}(\at(p->a, L1), p, c, t) && apart_t{L1}(\at(p->a2, L1), p, c, t) &&
      ptrs{L1, L2}(c, p) && kept{L1, L2}(\at(p->a, L1), \at(p->a2, L1)) ==> dots_vals{L2}(p, c, t);
    lemma vals_kept{L1, L2}: \forall ibp_ctx *c, point_t *p;
      ibp_ok{L1}(c) && pt_ok{L1}(p, c) && ptrs{L1, L2}(c, p) && kept{L1, L2}(\at(p->a, L1), \at(p->a2, L1)) ==>
      ibp_vals{L2}(c) && pt_vals{L2}(p, c);
    lemma in_set_kept{L1, L2}: \forall vec x, double *x0, iv_t *a, *a2, integer d, real delta, integer l2, dom, double dlo, dhi;
      \base_addr{L1}(x0) != \base_addr{L1}(a) && \base_addr{L1}(x0) != \base_addr{L1}(a2) && kept{L1, L2}(a, a2) ==>
      (in_set{L1}(x, x0, d, delta, l2, dom, dlo, dhi) <==> in_set{L2}(x, x0, d, delta, l2, dom, dlo, dhi));
    lemma box_kept: \forall vec x, integer d, double lo1, hi1, lo2, hi2;
      keeps(lo1, lo2) && keeps(hi1, hi2) && lo_ok(lo1) && hi_ok(hi1) ==> in_box(x, d, lo1, hi1) ==> in_box(x, d, lo2, hi2);
    lemma box_kept_back: \forall vec x, integer d, double lo1, hi1, lo2, hi2;
      keeps(lo1, lo2) && keeps(hi1, hi2) && lo_ok(lo1) && hi_ok(hi1) ==> in_box(x, d, lo2, hi2) ==> in_box(x, d, lo1, hi1);
    lemma set_kept{L1, L2}: \forall ibp_ctx *c, point_t *p, real delta, vec x;
      ibp_ok{L1}(c) && pt_ok{L1}(p, c) && ptrs{L1, L2}(c, p) && kept{L1, L2}(\at(p->a, L1), \at(p->a2, L1)) ==>
      (in_ibp_set{L1}(x, c, p, delta) <==> in_ibp_set{L2}(x, c, p, delta));
    lemma ibp_out_kept{L1, L2}: \forall ibp_ctx *c, point_t *p, vec x;
      ibp_ok{L1}(c) && pt_ok{L1}(p, c) && ptrs{L1, L2}(c, p) && kept{L1, L2}(\at(p->a, L1), \at(p->a2, L1)) ==>
      ibp_out{L1}(c, x) == ibp_out{L2}(c, x);
    lemma verified_kept{L1, L2}: \forall ibp_ctx *c, point_t *p, real y, delta;
      ibp_ok{L1}(c) && pt_ok{L1}(p, c) && ptrs{L1, L2}(c, p) && kept{L1, L2}(\at(p->a, L1), \at(p->a2, L1)) ==>
      ibp_verified{L1}(c, p, y, delta) ==> ibp_verified{L2}(c, p, y, delta);
*/

/* The enclosure of network t's output over the set at delta, in doubles. */
/*@ requires ibp_ok(c) && pt_ok(p, c) && 0 <= t < c->nets && \is_finite(delta) && 0 <= delta;
    assigns p->a[0 .. c->m - 1], p->a2[0 .. c->m - 1];
    ensures kept{Pre, Here}(p->a, p->a2);
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
    //@ assert shape_t: net_shape(c->net[t], c->d, m, c->depth);
    //@ assert vals: net_vals(c->net[t], c->d, m, c->depth);
    /*@ assert bounds: l1_bounds(c->l1[t], c->net[t]->W[0], m, c->d) && l2_bounds(c->l2[t], c->net[t]->W[0], m, c->d) &&
          dot_encl(p->dot0[t], p->x0, c->net[t]->W[0], m, c->d); */
    //@ assert finite: w0_fin(c->net[t], c->d, m) && wl_fin(c->net[t], m, c->depth) && v_fin(c->net[t], m);
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
        loop invariant apart_l: \forall integer i; 0 <= i < c->depth ==>
          \base_addr(a) != \base_addr(c->net[t]->W[i]) && \base_addr(a2) != \base_addr(c->net[t]->W[i]);
        loop invariant kept: kept{Pre, Here}(p->a, p->a2);
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

/* enclose() in MPFI at the context's precision; NaN ends widen to
 * infinities. Its contract is declared, not proved (proofs/pending.txt). */
/*@ assigns \nothing;
    ensures \result.rc == NC_OK ==> some_iv(\result.b);
*/
static evald_t enclose_mp(const ibp_ctx *c, const point_t *p, double delta)
{
    evald_t r = {NC_OK, {0.0, 0.0}};
    mpfi_t f, g;
    mpfi_init2(f, c->o.precision);
    mpfi_init2(g, c->o.precision);
    r.rc = net_mp(c, p, 0, delta, c->o.precision, f);
    if (!r.rc && c->nets == 2 && !(r.rc = net_mp(c, p, 1, delta, c->o.precision, g))) mpfi_sub(f, f, g);
    if (!r.rc) {
        r.b = mpiv_get_iv(f);
        if (isnan(r.b.lo)) r.b.lo = -INFINITY;
        if (isnan(r.b.hi)) r.b.hi = INFINITY;
    }
    mpfi_clear(f);
    mpfi_clear(g);
    return r;
}

/* The enclosure of the (centred) output over the set at delta, in doubles
 * or in MPFI with a precision; rc NC_ENOMEM in MPFI. It writes only the work
 * arrays (kept), so that what the search proves of one evaluation stays
 * true through the next. */
/*@ requires ibp_ok(c) && pt_ok(p, c) && \is_finite(delta) && 0 <= delta;
    assigns p->a[0 .. c->m - 1], p->a2[0 .. c->m - 1];
    ensures kept{Pre, Here}(p->a, p->a2);
    ensures \result.rc == NC_OK ==> some_iv(\result.b);
    ensures \result.rc == NC_OK && c->o.precision <= 0 ==>
      \forall vec x; \old(in_ibp_set(x, c, p, delta)) ==> in_iv(\result.b, \old(ibp_out(c, x)));
*/
static evald_t enclose(const ibp_ctx *c, const point_t *p, double delta)
{
    if (c->o.precision > 0) return enclose_mp(c, p, delta);
    evald_t r = {NC_OK, net_double(c, p, 0, delta)};
    if (c->nets == 2) {
        //@ assert ptrs{Pre, Here}(c, p);
        //@ assert vals: ibp_vals(c) && pt_vals(p, c);
        //@ assert set: \forall vec x; \at(in_ibp_set(x, c, p, delta), Pre) ==> in_ibp_set(x, c, p, delta);
        //@ assert out: \forall vec x; net_out(c->net[1], x) == \at(net_out(c->net[1], x), Pre);
        iv_t b1 = net_double(c, p, 1, delta);
        //@ assert one: \forall vec x; \at(in_ibp_set(x, c, p, delta), Pre) ==> in_iv(b1, \at(net_out(c->net[1], x), Pre));
        r.b = iv_sub(r.b, b1);
        /*@ assert diff: \forall vec x; \at(in_ibp_set(x, c, p, delta), Pre) ==>
              in_iv(r.b, \at(net_out(c->net[0], x), Pre) - \at(net_out(c->net[1], x), Pre)); */
    }
    return r;
}

/* The enclosure of y f over the set at delta, y = -1 or +1 (cert.c's eval):
 * a lower end > 0 proves y f > 0 on the set. It writes only the work
 * arrays, so every fact of c and p, and every delta verified before, stays
 * true after it. */
/*@ requires ibp_ok(c) && pt_ok(p, c) && \is_finite(y) && (y == 1 || y == -1) && \is_finite(delta) && 0 <= delta;
    assigns p->a[0 .. c->m - 1], p->a2[0 .. c->m - 1];
    ensures ok: ibp_ok(c) && pt_ok(p, c);
    ensures kept: \forall real e; \old(ibp_verified(c, p, y, e)) ==> ibp_verified(c, p, y, e);
    ensures \result.rc == NC_OK && \is_finite(\result.b.lo) && \result.b.lo > 0 ==> ibp_verified(c, p, y, delta);
*/
static evald_t eval(const ibp_ctx *c, const point_t *p, double y, double delta)
{
    evald_t v = enclose(c, p, delta);
    if (!v.rc) v.b = iv_times_sign(v.b, y);
    //@ assert ptrs{Pre, Here}(c, p);
    //@ assert ibp_vals(c) && pt_vals(p, c);
    /*@ assert pos: v.rc == NC_OK && \is_finite(v.b.lo) && v.b.lo > 0 && c->o.precision <= 0 ==>
          \forall vec x; \at(in_ibp_set(x, c, p, delta), Pre) ==> 0 < (y > 0 ? \at(ibp_out(c, x), Pre) : -\at(ibp_out(c, x), Pre)); */
    //@ assert v.rc == NC_OK && \is_finite(v.b.lo) && v.b.lo > 0 ==> \at(ibp_verified(c, p, y, delta), Pre);
    return v;
}

/* The search of cert.c (search()) from a verified bound flo > 0 at 0 over
 * (0, dmax]: it brackets the last delta verified > 0 (lo) and the first
 * refused (hi) until the bracket is narrow. */
/*@ requires ibp_ok(c) && pt_ok(p, c) && \is_finite(y) && (y == 1 || y == -1);
    requires \is_finite(dmax) && dmax > 0 && \is_finite(flo) && flo > 0;
    assigns p->a[0 .. c->m - 1], p->a2[0 .. c->m - 1];
    ensures \result.rc == NC_OK ==> \is_finite(\result.delta) && 0 <= \result.delta <= dmax;
    ensures \result.rc == NC_OK && \result.delta > 0 ==>
      ibp_verified(c, p, y, \result.delta) && \is_finite(\result.lb) && \result.lb > 0;
*/
static found_t search(const ibp_ctx *c, const point_t *p, double y, double flo, double dmax, double tol)
{
    found_t f = {NC_OK, 0.0, flo, 1};
    double lo = 0, hi = dmax, lb = flo;
    evald_t v = eval(c, p, y, hi);
    iv_t b = v.b;
    if (v.rc) {
        f.rc = v.rc;
        return f;
    }
    if (isfinite(b.lo) && b.lo > 0) {
        f.delta = hi;
        f.lb = b.lo;
        return f;
    }
    stepper st = {flo, b.lo, 0.0, 0, 0};
    /*@ loop invariant ok: ibp_ok(c) && pt_ok(p, c);
        loop invariant bracket: \is_finite(lo) && \is_finite(hi) && 0 <= lo < hi <= dmax;
        loop invariant verified: lo > 0 ==> ibp_verified(c, p, y, lo) && \is_finite(lb) && lb > 0;
        loop invariant 1 <= f.steps <= SEARCH_MAX_STEPS;
        loop assigns lo, hi, lb, v, st, b, f.steps, p->a[0 .. c->m - 1], p->a2[0 .. c->m - 1];
        loop variant SEARCH_MAX_STEPS - f.steps;
    */
    while (f.steps < SEARCH_MAX_STEPS && !narrow(lo, hi, tol) && !(hi < 1e-300)) {
        st = step_next(st, lo, hi, tol);
        double t = st.t;
        if (!(t > lo && t < hi)) break;
        double lo0 = lo, hi0 = hi;
        v = eval(c, p, y, t);
        b = v.b;
        f.steps++;
        if (v.rc) {
            f.rc = v.rc;
            return f;
        }
        int ok = isfinite(b.lo) && b.lo > 0;
        if (ok) {
            lo = t;
            lb = b.lo;
        } else {
            hi = t;
        }
        st = step_record(st, lo0, hi0, lo, hi, ok, b.lo);
    }
    f.delta = lo;
    f.lb = lb;
    return f;
}

int ibp_enclose(const ibp_ctx *c, const double *x0, double delta, iv_t *out, nc_err *e)
{
    if (!(delta >= 0) || !isfinite(delta)) return nc_fail(e, NC_EINPUT, "delta %g is not >= 0", delta);
    point_t p;
    int rc = point_init(c, x0, &p, e);
    if (!rc) {
        evald_t v = enclose(c, &p, delta);
        if ((rc = v.rc)) nc_fail(e, rc, "out of memory");
        *out = v.b;
    }
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
    evald_t v = enclose(c, &p, 0.0);
    if ((rc = v.rc)) goto out;
    r->score_iv = iv_times_sign(v.b, y);
    if (!(isfinite(r->score_iv.lo) && r->score_iv.lo > 0)) goto out; /* not verified at x0 itself */
    found_t f = search(c, &p, y, r->score_iv.lo, c->o.delta_max, c->o.rel_tol);
    if ((rc = f.rc)) goto out;
    r->steps = f.steps;
    r->delta = f.delta;
    r->bound = f.lb;
    r->certified = f.delta > 0;
out:
    point_free(&p);
    if (rc == NC_ENOMEM) nc_fail(e, rc, "out of memory");
    return rc;
}
