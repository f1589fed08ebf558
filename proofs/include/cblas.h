/* The CBLAS declarations ntkcert uses, for Frama-C only (proofs/run puts
 * this directory first): OpenBLAS's own header pulls in complex.h and
 * cpu_set_t, which Frama-C cannot read. No contracts: no proved function
 * calls BLAS. */
#ifndef NTKCERT_PROOF_CBLAS_H
#define NTKCERT_PROOF_CBLAS_H

enum CBLAS_ORDER { CblasRowMajor = 101, CblasColMajor = 102 };
enum CBLAS_TRANSPOSE { CblasNoTrans = 111, CblasTrans = 112, CblasConjTrans = 113 };
enum CBLAS_UPLO { CblasUpper = 121, CblasLower = 122 };

double cblas_ddot(int n, const double *x, int incx, const double *y, int incy);
void cblas_dgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE ta, enum CBLAS_TRANSPOSE tb, int m, int n, int k,
                 double alpha, const double *a, int lda, const double *b, int ldb, double beta, double *c, int ldc);
void cblas_dsyrk(enum CBLAS_ORDER order, enum CBLAS_UPLO uplo, enum CBLAS_TRANSPOSE t, int n, int k, double alpha,
                 const double *a, int lda, double beta, double *c, int ldc);
void cblas_dgemv(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE t, int m, int n, double alpha, const double *a, int lda,
                 const double *x, int incx, double beta, double *y, int incy);
void cblas_dsymv(enum CBLAS_ORDER order, enum CBLAS_UPLO uplo, int n, double alpha, const double *a, int lda,
                 const double *x, int incx, double beta, double *y, int incy);

#endif
