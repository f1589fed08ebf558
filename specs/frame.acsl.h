/* ACSL shared by the certificate (src/cert.c) and interval bound
 * propagation (src/ibp.c), which include it under __FRAMAC__: rows of a
 * row-major matrix, and the frame facts that let a loop storing results
 * keep what it proved about sums over other memory. */
#ifndef NTKCERT_FRAME_ACSL_H
#define NTKCERT_FRAME_ACSL_H

/*@ // The recursive sums read only the doubles they sum (admitted: A11): two
    // memory states that agree on z[0..n-1] (and x[0..n-1]) give the same sum.
    // True by induction on n, which WP's provers do not do.
    axiomatic Frames {
      axiom dotp_frame{L1, L2}: \forall double *x, *z, integer n;
        (\forall integer k; 0 <= k < n ==> \at(x[k], L1) == \at(x[k], L2) && \at(z[k], L1) == \at(z[k], L2)) ==>
        dotp{L1}(x, z, n) == dotp{L2}(x, z, n);
      axiom l1norm_frame{L1, L2}: \forall double *z, integer n;
        (\forall integer k; 0 <= k < n ==> \at(z[k], L1) == \at(z[k], L2)) ==>
        l1norm{L1}(z, n) == l1norm{L2}(z, n);
      axiom dotv_frame{L1, L2}: \forall vec x, double *z, integer n;
        (\forall integer k; 0 <= k < n ==> \at(z[k], L1) == \at(z[k], L2)) ==>
        dotv{L1}(x, z, n) == dotv{L2}(x, z, n);
      axiom dist2_frame{L1, L2}: \forall vec x, double *x0, integer n;
        (\forall integer k; 0 <= k < n ==> \at(x0[k], L1) == \at(x0[k], L2)) ==>
        dist2{L1}(x, x0, n) == dist2{L2}(x, x0, n);
    }
    axiomatic Rows {
      // Row j of a row-major matrix of rows of d doubles, X + j d, behind a
      // symbol of its own so that quantified facts about rows have a
      // trigger free of arithmetic.
      logic double *row(double *X, integer j, integer d);
      axiom row_def: \forall double *X, integer j, d; row(X, j, d) == X + j * d;
    }
*/

#endif
