/* The attack (audit.h) on a network whose robust radius is known in closed
 * form: one hidden ReLU unit, f(x) = v relu(<w, x> / sqrt(d)) with v > 0,
 * changes sign exactly where <w, x> <= 0, so around x0 the l_inf radius is
 * <w, x0> / |w|_1 and the l_2 radius <w, x0> / |w|_2. The attack must find a
 * counterexample just outside and none inside, and IBP certifies up to it. */
#include "ntkcert/audit.h"
#include "ntkcert/ibp.h"
#include "tap.h"

#include <math.h>
#include <stdlib.h>

enum { D = 6 };

int main(void)
{
    nn_model m = {0};
    nc_err e;
    nn_init(&m.net, D, 1, 1, 0, &e);
    m.spec = nn_spec_default();
    m.spec.width = 1;
    const double w[D] = {1.0, -2.0, 0.5, 3.0, -1.0, 0.25}, x0[D] = {0.9, 0.1, 0.3, 0.4, 0.2, 0.6};
    double dot = 0, l1 = 0, l2 = 0;
    for (int k = 0; k < D; k++) {
        m.net.W[0][k] = w[k];
        dot += w[k] * x0[k];
        l1 += fabs(w[k]);
        l2 += w[k] * w[k];
    }
    m.net.v[0] = 2.0;
    l2 = sqrt(l2);
    audit_opts a = audit_opts_default();
    for (int norm = 0; norm < 2; norm++) {
        cert_opts o = cert_opts_default();
        o.norm = norm ? BOUND_L2 : BOUND_LINF;
        const double rstar = dot / (norm ? l2 : l1);
        audit_target t = {NULL, &m, &o};
        double x[D], radius;
        int in = 0, out = 0;
        int rc = audit_attack(&t, x0, 1.0, 0.99 * rstar, &a, x, &in, &e) |
                 audit_attack(&t, x0, 1.0, 1.01 * rstar, &a, x, &out, &e);
        tap_ok(!rc && !in && out, "l_%s: no counterexample at 0.99 r*, one at 1.01 r* (r* = %.6g)", norm ? "2" : "inf", rstar);
        rc = audit_radius(&t, x0, 1.0, rstar / 10, 1.0, &a, &radius, &e);
        tap_ok(!rc && radius >= rstar && radius <= 1.05 * rstar, "l_%s: attack radius %.6g is within 5%% above r*",
               norm ? "2" : "inf", radius);
        ibp_ctx *c;
        cert_result res;
        rc = ibp_prepare(&c, &m, &o, &e) || ibp_point(c, x0, 1.0, &res, &e);
        tap_ok(!rc && res.delta <= rstar && res.delta >= 0.99 * rstar,
               "l_%s: IBP certifies %.6g, within 1%% below r* (exact for one unit)", norm ? "2" : "inf", res.delta);
        ibp_free(c);
    }
    /* a kernel other than the two-layer NTK has no analytic gradient */
    km_model km = {0};
    km.spec = km_spec_default();
    km.spec.kernel.depth = 2;
    cert_opts o = cert_opts_default();
    audit_target t = {&km, NULL, &o};
    tap_ok(audit_check(&t, &e) == NC_EINPUT, "a deeper kernel is refused by the attack: %s", e.msg);
    nn_model_free(&m);
    return tap_done();
}
