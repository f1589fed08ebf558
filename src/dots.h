/* dots.h: the enclosures of a point's dot products with the rows of a
 * matrix, from BLAS's products (cert.c's dgemm, ibp.c's dgemv). Internal to
 * the library; defined and proved in cert.c. */
#ifndef NTKCERT_DOTS_H
#define NTKCERT_DOTS_H

#include "ntkcert/bound.h"
#ifdef __FRAMAC__
#include "frame.acsl.h"
#endif

/* dot0[i] contains <x0, x_i> for each of the n rows x_i of X. dots, when
 * given, holds fl(<x0, x_i>) from BLAS and absdots fl(sum |x0_k x_ik|) or a
 * bound above the exact sum (NULL: the same as dots); Higham's bound holds
 * for them (A6), the premise below. Without dots it computes them itself,
 * with pos when every x0_k and x_ik is >= 0. */
/*@ requires 1 <= d <= 2147483648 && 0 <= n <= 2147483648;
    requires \forall integer j; 0 <= j < n ==> \valid_read(row(X, j, d) + (0 .. d - 1));
    requires \forall integer j, k; 0 <= j < n && 0 <= k < d ==> \is_finite(row(X, j, d)[k]);
    requires \valid_read(x0 + (0 .. d - 1)) && \forall integer k; 0 <= k < d ==> \is_finite(x0[k]);
    requires pos != 0 ==> (\forall integer k; 0 <= k < d ==> x0[k] >= 0) &&
      \forall integer j, k; 0 <= j < n && 0 <= k < d ==> row(X, j, d)[k] >= 0;
    requires dots != \null ==> \valid_read(dots + (0 .. n - 1)) &&
      (absdots != \null ==> \valid_read(absdots + (0 .. n - 1))) &&
      \forall integer j; 0 <= j < n ==>
        higham(dots[j], absdots != \null ? absdots[j] : dots[j], x0, row(X, j, d), d);
    requires \valid(dot0 + (0 .. n - 1));
    requires \base_addr(dot0) != \base_addr(X) && \base_addr(dot0) != \base_addr(x0);
    requires \base_addr(dot0) != \base_addr(dots) && \base_addr(dot0) != \base_addr(absdots);
    assigns dot0[0 .. n - 1];
    ensures \forall integer j; 0 <= j < n ==> valid_iv(dot0[j]) && in_iv(dot0[j], dotp(x0, row(X, j, d), d));
*/
void cert_fill_dots(const double *X, long n, long d, const double *x0, int pos, const double *dots,
                    const double *absdots, iv_t *dot0);

#endif
