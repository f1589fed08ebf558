/* ACSL shared by the certificate (src/cert.c) and interval bound
 * propagation (src/ibp.c), which include it under __FRAMAC__: rows of a
 * row-major matrix, the frame facts that let a loop storing results keep
 * what it proved about sums over other memory, and the error of BLAS's
 * dot products. */
#ifndef NTKCERT_FRAME_ACSL_H
#define NTKCERT_FRAME_ACSL_H

/*@ // b is the double a as far as its value, finiteness and sign of
    // infinity go (WP compares doubles as reals, which says nothing of
    // infinities): what a frame keeps of a double it does not write.
    predicate keeps(double a, double b) = a == b && (\is_finite(a) ==> \is_finite(b)) &&
      (\is_plus_infinity(a) ==> \is_plus_infinity(b)) && (\is_minus_infinity(a) ==> \is_minus_infinity(b));
    // The recursive sums read only the doubles they sum (admitted: A11): two
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
    // Higham's bound (Accuracy and Stability, Thm 3.1) on a dot product of
    // length d computed in double in any order, given a = fl(sum |x_k z_k|)
    // or any a above the exact sum.
    logic real dot_err(real a, integer d) = quot(d * 0x1p-53 * a, 1 - 2 * d * 0x1p-53) + (2 * d + 2) * 0x1p-1074;
    // v is fl(<x, z>) computed in double in some order, and a as above (A1,
    // A6): when both are numbers, <x, z> lies within dot_err of v.
    predicate higham{L}(double v, double a, double *x, double *z, integer d) =
      \is_finite(v) && \is_finite(a) && 0 <= a ==> small(dotp(x, z, d) - v, dot_err(a, d));
    // The set around x0 reads only x0[0..d-1] (from dist2_frame).
    lemma set_frame{L1, L2}: \forall vec x, double *x0, integer d, real delta, integer l2, dom, double dlo, dhi;
      (\forall integer k; 0 <= k < d ==> \at(x0[k], L1) == \at(x0[k], L2)) ==>
      in_set{L1}(x, x0, d, delta, l2, dom, dlo, dhi) ==> in_set{L2}(x, x0, d, delta, l2, dom, dlo, dhi);
*/

#endif
