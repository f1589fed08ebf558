/* Interval bound propagation (ibp.h) is sound: the network's exact output
 * (an MPFR forward pass at 128 bits) at random points and corners of the
 * ball lies inside the enclosure, in doubles and in MPFI, for one to three
 * hidden layers, centred or not, l_inf and l_2 balls, with and without a
 * domain box; certified radii hold up and MPFI rechecks them. */
#include "ntkcert/ibp.h"
#include "ntkcert/rng.h"
#include "tap.h"

#include <math.h>
#include <mpfr.h>
#include <stdlib.h>
#include <string.h>

enum { D = 10, M = 40 };

/* f(x) of net in MPFR at 128 bits, into r. */
static void forward_mp(const nn_net *net, const double *x, mpfr_t r)
{
    const long m = net->width;
    mpfr_t *a = malloc(sizeof(mpfr_t) * (size_t)(2 * m)), *b = a + m;
    mpfr_t s, t, sc;
    mpfr_inits2(128, s, t, sc, (mpfr_ptr)0);
    for (long j = 0; j < 2 * m; j++) mpfr_init2(a[j], 128);
    for (long j = 0; j < m; j++) {
        mpfr_set_ui(s, 0, MPFR_RNDN);
        for (long k = 0; k < net->d; k++) {
            mpfr_set_d(t, net->W[0][j * net->d + k], MPFR_RNDN);
            mpfr_mul_d(t, t, x[k], MPFR_RNDN);
            mpfr_add(s, s, t, MPFR_RNDN);
        }
        mpfr_set_si(sc, net->d, MPFR_RNDN);
        mpfr_sqrt(sc, sc, MPFR_RNDN);
        mpfr_div(a[j], s, sc, MPFR_RNDN);
        if (mpfr_sgn(a[j]) < 0) mpfr_set_ui(a[j], 0, MPFR_RNDN);
    }
    mpfr_set_si(sc, m, MPFR_RNDN);
    mpfr_sqrt(sc, sc, MPFR_RNDN);
    for (int l = 1; l <= net->depth; l++) {
        long rows = l < net->depth ? m : 1;
        for (long j = 0; j < rows; j++) {
            const double *w = l < net->depth ? net->W[l] + j * m : net->v;
            mpfr_set_ui(s, 0, MPFR_RNDN);
            for (long k = 0; k < m; k++) {
                mpfr_mul_d(t, a[k], w[k], MPFR_RNDN);
                mpfr_add(s, s, t, MPFR_RNDN);
            }
            mpfr_div(b[j], s, sc, MPFR_RNDN);
            if (l < net->depth && mpfr_sgn(b[j]) < 0) mpfr_set_ui(b[j], 0, MPFR_RNDN);
        }
        for (long j = 0; j < rows; j++) mpfr_swap(a[j], b[j]);
    }
    mpfr_set(r, a[0], MPFR_RNDN);
    for (long j = 0; j < 2 * m; j++) mpfr_clear(a[j]);
    mpfr_clears(s, t, sc, (mpfr_ptr)0);
    free(a);
}

/* The model's exact output (centred: minus w_0's). */
static void output_mp(const nn_model *m, const double *x, mpfr_t r)
{
    forward_mp(&m->net, x, r);
    if (m->spec.centered) {
        mpfr_t z;
        mpfr_init2(z, 128);
        forward_mp(&m->init, x, z);
        mpfr_sub(r, r, z, MPFR_RNDN);
        mpfr_clear(z);
    }
}

static int inside(mpfr_t v, iv_t a) { return mpfr_cmp_d(v, a.lo) >= 0 && mpfr_cmp_d(v, a.hi) <= 0; }

/* A point of the set around x0: a corner (kind 0), a uniform point of the
 * l_inf box (1), or of the l_2 ball's sphere or inside (2), then clipped to
 * the domain [lo, hi] (which holds x0, so clipping stays in the ball). */
static void sample(rng_t *r, const double *x0, double delta, int l2, int corner, int dom, double lo, double hi,
                   double *x)
{
    if (l2) {
        double nrm = 0, g[D];
        for (int k = 0; k < D; k++) { g[k] = rng_normal(r); nrm += g[k] * g[k]; }
        double rad = delta * (corner ? 1.0 : pow(rng_uniform(r), 1.0 / D)) / sqrt(nrm) * (1 - 1e-12);
        for (int k = 0; k < D; k++) x[k] = x0[k] + rad * g[k];
    } else {
        for (int k = 0; k < D; k++)
            x[k] = x0[k] + (corner ? (rng_u64(r) & 1 ? delta : -delta) : delta * (2 * rng_uniform(r) - 1));
    }
    if (dom)
        for (int k = 0; k < D; k++) x[k] = fmin(fmax(x[k], lo), hi);
}

static void train(nn_model *m, int depth, int centered, nc_data *ds)
{
    nn_spec s = nn_spec_default();
    s.width = M;
    s.depth = depth;
    s.centered = centered;
    s.epochs = 3;
    s.batch = 10;
    s.seed = (uint64_t)(depth * 10 + centered);
    nc_err e;
    if (nn_train(m, &s, ds, &e)) tap_diag("training failed: %s", e.msg);
}

int main(void)
{
    /* data: two blobs in [-1, 2]^D */
    nc_data ds = {60, D, malloc(60 * D * sizeof(double)), malloc(60 * sizeof(double))};
    rng_t r;
    rng_seed(&r, 2);
    for (long i = 0; i < ds.n; i++) {
        ds.y[i] = i % 2 ? 1 : -1;
        for (int k = 0; k < D; k++)
            ds.X[i * D + k] = fmin(2, fmax(-1, 0.5 + 0.3 * rng_normal(&r) + (k < 3 ? 0.4 * ds.y[i] : 0)));
    }
    const double dlo = -1, dhi = 2, deltas[] = {0.003, 0.05, 0.4};
    mpfr_t v;
    mpfr_init2(v, 128);
    for (int depth = 1; depth <= 3; depth++)
        for (int centered = 0; centered <= 1; centered++) {
            nn_model m;
            train(&m, depth, centered, &ds);
            for (int l2 = 0; l2 <= 1; l2++)
                for (int dom = 0; dom <= 1; dom++) {
                    cert_opts o = cert_opts_default();
                    o.norm = l2 ? BOUND_L2 : BOUND_LINF;
                    o.has_domain = dom;
                    o.dom_lo = dlo;
                    o.dom_hi = dhi;
                    cert_opts om = o;
                    om.precision = 128;
                    ibp_ctx *c, *cm;
                    nc_err e;
                    int rc = ibp_prepare(&c, &m, &o, &e) | ibp_prepare(&cm, &m, &om, &e);
                    /* the main configuration gets 10^4 points in all */
                    const int per = depth == 2 && centered && !l2 && !dom ? 1112 : 100;
                    long tried = 0, out_d = 0, out_m = 0;
                    double x[D];
                    for (int p = 0; p < 3 && !rc; p++)
                        for (int q = 0; q < 3; q++) {
                            const double *x0 = ds.X + (size_t)(7 * p + q) * D;
                            iv_t F, Fm;
                            rc |= ibp_enclose(c, x0, deltas[q], &F, &e) | ibp_enclose(cm, x0, deltas[q], &Fm, &e);
                            for (int s = 0; s < per; s++) {
                                sample(&r, x0, deltas[q], l2, s < per / 10, dom, dlo, dhi, x);
                                output_mp(&m, x, v);
                                tried++;
                                out_d += !inside(v, F);
                                out_m += !inside(v, Fm);
                            }
                        }
                    tap_ok(!rc && out_d == 0 && out_m == 0,
                           "depth %d%s, l_%s%s: f at %ld points of the balls (corners included) lies in the IBP "
                           "enclosure (doubles: %ld outside, MPFI: %ld outside)",
                           depth, centered ? ", centred" : "", l2 ? "2" : "inf", dom ? ", domain [-1,2]" : "", tried,
                           out_d, out_m);
                    ibp_free(c);
                    ibp_free(cm);
                }
            /* certified radii: the set around x0 at delta holds no sign change, and MPFI agrees */
            cert_opts o = cert_opts_default();
            cert_opts om = o;
            om.precision = 256;
            ibp_ctx *c, *cm;
            nc_err e;
            int rc = ibp_prepare(&c, &m, &o, &e) | ibp_prepare(&cm, &m, &om, &e);
            long certified = 0, bad = 0, mp_bad = 0;
            double x[D];
            for (long i = 0; i < 20 && !rc; i++) {
                const double *x0 = ds.X + i * D;
                cert_result res;
                rc |= ibp_point(c, x0, ds.y[i], &res, &e);
                if (!res.certified) continue;
                certified++;
                double lb;
                rc |= ibp_bound_at(cm, x0, ds.y[i], res.delta, &lb, &e);
                mp_bad += !(lb > 0) || !(res.bound > 0);
                for (int s = 0; s < 100; s++) {
                    sample(&r, x0, res.delta, 0, s < 25, 0, 0, 0, x);
                    output_mp(&m, x, v);
                    bad += mpfr_sgn(v) * ds.y[i] <= 0;
                }
            }
            tap_ok(!rc && certified > 0 && bad == 0 && mp_bad == 0,
                   "depth %d%s: %ld of 20 points certified; no sign change at 100 points of each ball; MPFI at 256 "
                   "bits verifies every claimed radius (%ld not)",
                   depth, centered ? ", centred" : "", certified, mp_bad);
            ibp_free(c);
            ibp_free(cm);
            nn_model_free(&m);
        }
    mpfr_clear(v);
    data_free(&ds);
    return tap_done();
}
