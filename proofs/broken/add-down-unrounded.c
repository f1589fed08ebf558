/* MUST FAIL: broken_add_down
 * iv_add_down without its outward step: the sum rounded to nearest may lie
 * above the exact sum, so "below" cannot be proved. `make proofs` checks that
 * WP refuses it. */
#include "ntkcert/interval.h"

/*@ requires lo_ok(x) && lo_ok(y);
    assigns \nothing;
    ensures \forall real u, v; below(x, u) && below(y, v) ==> below(\result, u + v);
*/
double broken_add_down(double x, double y)
{
    if (!isfinite(x)) return x;
    if (!isfinite(y)) return y;
    double s = iv_rn_add(x, y);
    return isfinite(s) ? s : (s < 0 ? s : -s);
}
