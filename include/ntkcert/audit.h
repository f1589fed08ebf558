/* audit.h: searches for counterexamples to certificates. Projected gradient
 * descent (PGD) with random restarts minimises y f(x) over the ball
 * B(x0, delta) (l_inf or l_2, meet the domain box); a point where it finds
 * y f(x) <= 0 counts only when an MPFI evaluation of f at that point (256
 * bits) confirms it, so a rounding artefact is never reported. The smallest
 * delta at which the attack succeeds is an empirical upper bound on the true
 * robust radius. f is a kernel machine with the two-layer NTK (analytic
 * gradient) or a network (backpropagation). */
#ifndef NTKCERT_AUDIT_H
#define NTKCERT_AUDIT_H

#include <stdint.h>

#include "ntkcert/cert.h"
#include "ntkcert/ibp.h"
#include "ntkcert/km.h"
#include "ntkcert/nn.h"

typedef struct {
    int restarts, steps; /* per radius tried */
    uint64_t seed;
    int bisections;      /* refinements of the attack radius */
} audit_opts;

/* 3 restarts of 30 steps, seed 0, 6 bisections. */
audit_opts audit_opts_default(void);

/* What is attacked: exactly one of km and net. o gives the norm and domain. */
typedef struct {
    const km_model *km;
    const nn_model *net;
    const cert_opts *o;
} audit_target;

/* NC_EINPUT if the target cannot be attacked (a kernel other than the
 * two-layer NTK has no analytic gradient here). */
int audit_check(const audit_target *t, nc_err *e);
/* *found = 1 if PGD finds, and MPFI confirms, x in the set around x0 at
 * delta with y f(x) <= 0 (then x, d entries, holds it), else 0. */
int audit_attack(const audit_target *t, const double *x0, double y, double delta, const audit_opts *a, double *x,
                 int *found, nc_err *e);
/* The smallest radius in (0, dmax] at which the attack succeeds: tried at
 * dmax, then bisected geometrically down to start (a radius where it is not
 * expected to succeed, such as the claimed one) until the bracket is within
 * a factor 2, then a->bisections more times; INFINITY if none up to dmax. Its
 * counterexamples are confirmed in outward-rounded double intervals (as
 * rigorous, and far cheaper than MPFI for many kernel terms). */
int audit_radius(const audit_target *t, const double *x0, double y, double start, double dmax, const audit_opts *a,
                 double *radius, nc_err *e);

/* One audited claim. */
typedef struct {
    double bound;       /* the lower bound of y f at the claimed radius, recomputed */
    double radius;      /* the attack radius; INFINITY if none found, NAN without attack */
    int counterexample; /* a confirmed counterexample inside the claimed ball */
    int violation;      /* bound not > 0, or a counterexample */
} audit_result;

/* Audits the claims delta[k] > 0 for the points idx[k] of ds (labels ds->y):
 * the bound recomputed by kc (kernel machine) or ic (network), contexts
 * prepared at the audit's precision, and with attack the counterexample
 * search and the attack radius up to dmax. Points in parallel (OpenMP). */
int audit_points(const audit_target *t, const cert_ctx *kc, const ibp_ctx *ic, const nc_data *ds, const long *idx,
                 const double *delta, long n, int attack, const audit_opts *a, double dmax, audit_result *r, nc_err *e);
/* The median and the largest attack radius / claimed radius over the
 * points with a finite attack radius (NAN if none); returns the violations. */
long audit_summary(const audit_result *r, const double *delta, long n, double *median, double *worst);

#endif
