/* Lemmas on the rows of specs/frame.acsl.h, for a loop that steps a pointer
 * from row to row (src/ibp.c). Apart from frame.acsl.h because in cert.c's
 * context they stop Gappa from proving row_at's bound. */
#ifndef NTKCERT_ROWS_ACSL_H
#define NTKCERT_ROWS_ACSL_H

#include "frame.acsl.h"

/*@ lemma row_base: \forall double *X, integer j, d; \base_addr(row(X, j, d)) == \base_addr(X);
    lemma row_next: \forall double *X, integer j, d; row(X, j + 1, d) == row(X, j, d) + d;
*/

#endif
