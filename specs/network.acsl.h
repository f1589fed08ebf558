/* One unit of a ReLU network (Eq. (1)) as ACSL logic, for interval bound
 * propagation (src/ibp.c); its lemma is proved by the lemma job. */
#ifndef NTKCERT_NETWORK_ACSL_H
#define NTKCERT_NETWORK_ACSL_H

#include "frame.acsl.h"

/*@ // max(x, 0), and: each a[k] contains coordinate k of the point x.
    logic real relu(real x) = x > 0 ? x : 0;
    predicate acts{L}(vec x, iv_t *a, integer n) = \forall integer k; 0 <= k < n ==> in_iv(a[k], coord(x, k));
    // A unit of fan-in n with weights w at the input x, scaled as in Eq. (1):
    // relu(<w, x> / sqrt(n)).
    logic real unit{L}(vec x, double *w, integer n) = relu(dotv(x, w, n) * quot(1, \sqrt(n)));
    // A unit depends on its weights only through <w, x> (and so, by
    // dotv_frame, A11, only through w[0..n-1]).
    lemma unit_dotv{L1, L2}: \forall vec x, double *w, integer n;
      dotv{L1}(x, w, n) == dotv{L2}(x, w, n) ==> unit{L1}(x, w, n) == unit{L2}(x, w, n);
*/

#endif
