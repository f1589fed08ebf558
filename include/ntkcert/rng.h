/* rng.h: seeded, reproducible random numbers (xoshiro256**, seeded by
 * splitmix64), identical on every platform for the same seed. */
#ifndef NTKCERT_RNG_H
#define NTKCERT_RNG_H

#include <stdint.h>

typedef struct { uint64_t s[4]; int has_spare; double spare; } rng_t;

/* Seeds r from seed (any value, 0 included). */
void rng_seed(rng_t *r, uint64_t seed);
/* Uniform 64-bit integer. */
uint64_t rng_u64(rng_t *r);
/* Uniform double in [0, 1), 53 random bits. */
double rng_uniform(rng_t *r);
/* Standard normal N(0, 1) (Marsaglia's polar method). */
double rng_normal(rng_t *r);
/* Uniform integer in [0, n), n >= 1, without modulo bias. */
uint64_t rng_below(rng_t *r, uint64_t n);
/* Moves a random k of idx[0..n-1], drawn from seed, to idx[0..k-1] in
 * increasing order (a partial Fisher-Yates); returns min(k, n). */
long rng_pick(uint64_t seed, long *idx, long n, long k);

#endif
