/* vmath.h (internal): elementwise math over arrays for the Gram map, not on
 * the certified path. Uses SLEEF's 1-ulp vector acos where the CPU has AVX2. */
#ifndef NTKCERT_VMATH_H
#define NTKCERT_VMATH_H

/* a[k] = acos(a[k]) for k < n, each a[k] in [-1, 1]; error at most 1 ulp. */
void vm_acos(double *a, long n);

#endif
