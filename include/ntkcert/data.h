/* data.h: data sets (IDX, CSV, LIBSVM, NPY), class pairs, and NPY output.
 *
 * Dataset specs (the CLI's --x, --train, --data):
 *   mnist-train:A,B  mnist-test:A,B   MNIST digits A (label -1) and B (+1);
 *                                      without A,B all ten digits, raw labels
 *   idx:IMAGES,LABELS                  any IDX pair (raw or gzip)
 *   csv:FILE                           one sample per line, label first
 *   libsvm:FILE                        LIBSVM/SVMlight sparse text
 *   npy:X.npy[,Y.npy]                  a float64 matrix and optional labels
 * followed by comma-separated options:
 *   classes=A/B   keep classes A (-> -1) and B (-> +1)   (mnist: the A,B)
 *   n=N           keep the first N samples (after class selection)
 *   label=first|last (csv)   header (csv: skip line 1)   scale=S (divide features by S)
 *   d=D (libsvm: feature count; default the largest index seen)
 * IDX images of unsigned bytes are scaled to [0, 1] (divided by 255).
 * MNIST files are looked up in $NTKCERT_MNIST_DIR, else ./data/mnist, else
 * the source tree's data/mnist, each as NAME or NAME.gz. */
#ifndef NTKCERT_DATA_H
#define NTKCERT_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "ntkcert/error.h"

typedef struct {
    long n, d;
    double *X;  /* n x d, row-major */
    double *y;  /* n labels: raw class values, or -1/+1 after a class pair */
} nc_data;

/* Loads the data set named by spec (see above). On error *out is empty. */
int data_load(const char *spec, nc_data *out, nc_err *e);
/* Frees X and y and zeroes the struct. */
void data_free(nc_data *ds);

/* IDX images (n x d1 x d2 ... of any IDX type) and labels (n), raw or gzip.
 * labels may be NULL (y is then all 0). */
int data_read_idx(const char *images, const char *labels, nc_data *out, nc_err *e);
/* CSV: one sample per line, numbers separated by commas; label first or last. */
int data_read_csv(const char *path, int label_last, int header, nc_data *out, nc_err *e);
/* LIBSVM: "label index:value ..." with 1-based increasing indices; d = 0: the
 * largest index seen, else d (a larger index is an error). */
int data_read_libsvm(const char *path, long d, nc_data *out, nc_err *e);
/* A 2-D (or 1-D: cols = 1) little-endian float64 C-order .npy file. */
int data_read_npy(const char *path, double **A, long *rows, long *cols, nc_err *e);

/* Keeps the samples labelled a (relabelled -1) or b (+1), in order.
 * NC_EINPUT if either class is absent or a == b. */
int data_select_pair(nc_data *ds, double a, double b, const char *name, nc_err *e);

/* out = the k samples idx[0..k-1] of ds, in that order. */
int data_subset(const nc_data *ds, const long *idx, long k, nc_data *out, nc_err *e);
/* Permutes the labels y uniformly at random, drawn from seed (the random-label
 * control of generalization experiments); X is untouched. */
void data_shuffle_labels(nc_data *ds, uint64_t seed);

/* SHA-256 of the data set: of X (n x d) then y (n) as little-endian float64. */
void data_sha256(const nc_data *ds, unsigned char out[32]);
/* SHA-256 of a byte string. */
void data_sha256_bytes(const void *p, size_t len, unsigned char out[32]);
/* SHA-256 of a file's bytes, as 64 hex digits; NC_EINPUT naming path if unreadable. */
int data_sha256_file(const char *path, char hex[65], nc_err *e);
/* 64 lowercase hex digits and a NUL into hex. */
void data_hex(const unsigned char sha[32], char hex[65]);

/* Writes A (rows x cols, row-major) as a float64 .npy file, atomically:
 * to a temporary name in the same directory, then renamed. */
int data_write_npy(const char *path, const double *A, long rows, long cols, nc_err *e);

#endif
