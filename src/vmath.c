/* Compiled with -mavx2 -mfma (Makefile); the AVX2 path runs only on CPUs that
 * have it, checked at run time. */
#include "vmath.h"

#include <math.h>
#include <sleef.h>

static int have_avx2(void)
{
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }
    return cached;
}

void vm_acos(double *a, long n)
{
    long k = 0;
    if (have_avx2())
        for (; k + 4 <= n; k += 4)
            _mm256_storeu_pd(a + k, Sleef_acosd4_u10avx2(_mm256_loadu_pd(a + k)));
    for (; k < n; k++) a[k] = acos(a[k]);
}
