/* loss.h: the loss table of the paper's Table 1. Each loss l(z, y) of the
 * model output z and target y has a value and a (sub)derivative in z; the
 * training objective is Eq. (7): (lambda/2)|beta|^2 + sum_i l(g(x_i), y_i). */
#ifndef NTKCERT_LOSS_H
#define NTKCERT_LOSS_H

#include "ntkcert/error.h"

typedef enum {
    LOSS_HINGE,    /* max(0, 1 - yz): soft-margin SVM */
    LOSS_HINGE2,   /* max(0, 1 - yz)^2: 2-norm SVM */
    LOSS_EPS,      /* max(0, |z - y| - epsilon): SVR */
    LOSS_SQUARED,  /* (z - y)^2: kernel ridge regression */
    LOSS_LOGISTIC  /* log(1 + exp(-yz)): logistic regression */
} loss_kind;

typedef struct {
    loss_kind kind;
    double epsilon; /* LOSS_EPS only, >= 0 */
} loss_t;

/* "hinge", "hinge2", "eps", "squared" or "logistic". */
const char *loss_name(loss_kind k);
/* Parses a loss name; NC_EINPUT for an unknown one. */
int loss_parse(const char *s, loss_kind *k, nc_err *e);
/* 1 for losses of classification (labels -1/+1), 0 for regression. */
int loss_is_classification(loss_kind k);
/* l(z, y). */
double loss_value(const loss_t *l, double z, double y);
/* A subgradient of l(., y) at z: the derivative where it exists, and at a
 * kink the one-sided value nearest 0 (0 at yz = 1 for hinge, at |z-y| = eps). */
double loss_deriv(const loss_t *l, double z, double y);

#endif
