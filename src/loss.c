/* The loss table: see loss.h. */
#include "ntkcert/loss.h"

#include <math.h>
#include <string.h>

static const char *names[] = {"hinge", "hinge2", "eps", "squared", "logistic"};

const char *loss_name(loss_kind k) { return names[k]; }

int loss_parse(const char *s, loss_kind *k, nc_err *e)
{
    for (int i = 0; i < 5; i++)
        if (!strcmp(s, names[i])) {
            *k = (loss_kind)i;
            return NC_OK;
        }
    return nc_fail(e, NC_EINPUT, "unknown loss '%s' (hinge, hinge2, eps, squared, logistic)", s);
}

int loss_is_classification(loss_kind k) { return k == LOSS_HINGE || k == LOSS_HINGE2 || k == LOSS_LOGISTIC; }

double loss_value(const loss_t *l, double z, double y)
{
    double m = 1.0 - y * z, r = fabs(z - y) - l->epsilon;
    switch (l->kind) {
    case LOSS_HINGE: return m > 0 ? m : 0.0;
    case LOSS_HINGE2: return m > 0 ? m * m : 0.0;
    case LOSS_EPS: return r > 0 ? r : 0.0;
    case LOSS_SQUARED: return (z - y) * (z - y);
    default: { /* log(1 + e^t) without overflow */
        double t = -y * z;
        return t > 0 ? t + log1p(exp(-t)) : log1p(exp(t));
    }
    }
}

double loss_deriv(const loss_t *l, double z, double y)
{
    double m = 1.0 - y * z;
    switch (l->kind) {
    case LOSS_HINGE: return m > 0 ? -y : 0.0;
    case LOSS_HINGE2: return m > 0 ? -2.0 * y * m : 0.0;
    case LOSS_EPS: return fabs(z - y) > l->epsilon ? (z > y ? 1.0 : -1.0) : 0.0;
    case LOSS_SQUARED: return 2.0 * (z - y);
    default: { /* -y sigma(-yz) */
        double t = -y * z;
        return t > 0 ? -y / (1.0 + exp(-t)) : -y * exp(t) / (1.0 + exp(t));
    }
    }
}
