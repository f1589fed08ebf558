/* ACSL logic of the reals: pi, acos, quotients, the NTK's function h of
 * the cosine, and lemmas of pure real arithmetic (which corner of
 * [a, c] x [b, d] bounds a product x y or a quotient x / y, d >= b > 0; the
 * two forms of the NTK). Read by Frama-C only: interval.h includes it first,
 * under __FRAMAC__.
 *
 * The solvers prove these pure-real facts only when no quantified lemma is
 * in context. ACSL's `check lemma` is proved but never assumed, and WP
 * gives a lemma every lemma declared before it as context; so each fact is
 * proved here as a check lemma ahead of every other lemma, then assumed
 * under the very same statement (one macro) as an admitted lemma. The
 * admitted twins are therefore proved, not assumptions. */
#ifndef NTKCERT_REAL_ACSL_H
#define NTKCERT_REAL_ACSL_H

/* Products x y, x in [a, c], y in [b, d]: the corner that bounds it, by sign. */
#define PROD_LO_PP \forall real a, b, x, y; 0 <= a <= x && 0 <= b <= y ==> a * b <= x * y
#define PROD_LO_PN \forall real c, b, x, y; 0 <= x <= c && b <= y && b <= 0 ==> c * b <= x * y
#define PROD_HI_PP \forall real c, d, x, y; 0 <= x <= c && y <= d && 0 <= d ==> x * y <= c * d
#define PROD_HI_PN \forall real a, d, x, y; 0 <= a <= x && y <= d && d <= 0 ==> x * y <= a * d
#define PROD_LO_NN \forall real c, d, x, y; x <= c <= 0 && y <= d <= 0 ==> c * d <= x * y
#define PROD_LO_NP \forall real a, c, d, x, y; a <= x <= c && c <= 0 && y <= d && 0 <= d ==> a * d <= x * y
#define PROD_HI_NP \forall real c, b, x, y; x <= c <= 0 && 0 <= b <= y ==> x * y <= c * b
#define PROD_HI_NN \forall real a, c, b, x, y; a <= x <= c && c <= 0 && b <= y && b <= 0 ==> x * y <= a * b
#define PROD_SQ_NONNEG \forall real x; 0 <= x * x
#define PROD_SQ_HI \forall real l, h, x; l <= x <= h ==> x * x <= l * l || x * x <= h * h

/* 0 <= a <= x and 0 < y <= d: a / d <= x / y; the other corners, the signs,
 * and -x / -y = x / y. quot(x, y) is x / y (below). */
#define QUOT_LO_P \forall real a, d, x, y; 0 <= a <= x && 0 < y <= d ==> a / d <= quot(x, y)
#define QUOT_LO_N \forall real a, b, x, y; a <= x && a < 0 && 0 < b <= y ==> a / b <= quot(x, y)
#define QUOT_HI_P \forall real c, b, x, y; x <= c && 0 <= c && 0 < b <= y ==> quot(x, y) <= c / b
#define QUOT_HI_N \forall real c, d, x, y; x <= c < 0 && 0 < y <= d ==> quot(x, y) <= c / d
#define QUOT_NONNEG \forall real x, y; 0 <= x && 0 < y ==> 0 <= quot(x, y)
#define QUOT_NONPOS \forall real x, y; x <= 0 && 0 < y ==> quot(x, y) <= 0
#define QUOT_NEG \forall real x, y; y != 0 ==> quot(-x, -y) == quot(x, y)
#define QUOT_MONO \forall real x, z, y; x <= z && 0 < y ==> quot(x, y) <= quot(z, y)
#define QUOT_LE_ONE \forall real x, y; x <= y && 0 < y ==> quot(x, y) <= 1
#define QUOT_SCALE \forall real b, e, y; y != 0 ==> quot(b, y) * e == b * quot(e, y)
#define SQRT_POS \forall real x; 0 < x ==> 0 < \sqrt(x)
/* |t| <= q: q cosine(t, q) = t and the cosine lies in [-1, 1]; and
 * q h(c) = 2 t (pi - acos c) + q sqrt(1 - c^2) when q c = t. */
#define COSINE_MUL \forall real t, q; 0 <= q && -q <= t <= q ==> q * cosine(t, q) == t
#define COSINE_UNIT \forall real t, q; 0 <= q && -q <= t <= q ==> -1 <= cosine(t, q) <= 1
#define H_TWO_TERMS \forall real t, q, c; q * c == t ==> q * h(c) == 2 * t * (pi - acos(c)) + q * \sqrt(1 - c * c)

/*@
  // pi between two adjacent doubles (admitted: A4).
  axiomatic Pi {
    logic real pi;
    axiom pi_bounds: 0x1.921fb54442d18p+1 < pi < 0x1.921fb54442d19p+1;
  }

  // acos on [-1, 1]: values in [0, pi], decreasing (admitted: A7).
  axiomatic Acos {
    logic real acos(real x);
    axiom acos_range: \forall real x; -1 <= x <= 1 ==> 0 <= acos(x) <= pi;
    axiom acos_decreasing: \forall real x, y; -1 <= x <= y <= 1 ==> acos(y) <= acos(x);
    axiom acos_one: acos(1) == 0;
    axiom acos_minus_one: acos(-1) == pi;
  }

  // The two-layer NTK's function of the cosine u,
  // h(u) = 2u(pi - acos u) + sqrt(1 - u^2): Theta = |x||z| h(u) / (2 pi d).
  logic real h(real u) = 2 * u * (pi - acos(u)) + \sqrt(1 - u * u);

  // x / y as a function symbol of its own: the solvers rewrite `/` away, so
  // a quantified contract triggered on x / y is never instantiated. A
  // definition (any model of the reals extends to it), not an assumption.
  axiomatic Quotient {
    logic real quot(real x, real y);
    axiom quot_def: \forall real x, y; y != 0 ==> quot(x, y) == x / y;
  }
  // The cosine <x,z> / (|x||z|) for <x,z> = t and |x||z| = q; 0 when q = 0.
  logic real cosine(real t, real q) = q > 0 ? quot(t, q) : 0;

  check lemma prod_lo_pp_proof: PROD_LO_PP;
  check lemma prod_lo_pn_proof: PROD_LO_PN;
  check lemma prod_hi_pp_proof: PROD_HI_PP;
  check lemma prod_hi_pn_proof: PROD_HI_PN;
  check lemma prod_lo_nn_proof: PROD_LO_NN;
  check lemma prod_lo_np_proof: PROD_LO_NP;
  check lemma prod_hi_np_proof: PROD_HI_NP;
  check lemma prod_hi_nn_proof: PROD_HI_NN;
  check lemma prod_sq_nonneg_proof: PROD_SQ_NONNEG;
  check lemma prod_sq_hi_proof: PROD_SQ_HI;
  check lemma quot_lo_p_proof: QUOT_LO_P;
  check lemma quot_lo_n_proof: QUOT_LO_N;
  check lemma quot_hi_p_proof: QUOT_HI_P;
  check lemma quot_hi_n_proof: QUOT_HI_N;
  check lemma quot_nonneg_proof: QUOT_NONNEG;
  check lemma quot_nonpos_proof: QUOT_NONPOS;
  check lemma quot_neg_proof: QUOT_NEG;
  check lemma quot_mono_proof: QUOT_MONO;
  check lemma quot_le_one_proof: QUOT_LE_ONE;
  check lemma sqrt_pos_proof: SQRT_POS;

  check lemma cosine_mul_proof: COSINE_MUL;
  check lemma cosine_unit_proof: COSINE_UNIT;
  check lemma h_two_terms_proof: H_TWO_TERMS;
  admit lemma cosine_mul: COSINE_MUL;
  admit lemma h_two_terms: H_TWO_TERMS;
  admit lemma cosine_unit: COSINE_UNIT;
  // The h form of the NTK times 2 pi d equals the paper's two-term form
  // (a plain lemma: only the three twins above are in its context).
  lemma ntk1_two_terms: \forall real t, q; 0 <= q && -q <= t <= q ==>
    q * h(cosine(t, q)) == 2 * t * (pi - acos(cosine(t, q))) + q * \sqrt(1 - cosine(t, q) * cosine(t, q));

  admit lemma prod_lo_pp: PROD_LO_PP;
  admit lemma prod_lo_pn: PROD_LO_PN;
  admit lemma prod_hi_pp: PROD_HI_PP;
  admit lemma prod_hi_pn: PROD_HI_PN;
  admit lemma prod_lo_nn: PROD_LO_NN;
  admit lemma prod_lo_np: PROD_LO_NP;
  admit lemma prod_hi_np: PROD_HI_NP;
  admit lemma prod_hi_nn: PROD_HI_NN;
  admit lemma prod_sq_nonneg: PROD_SQ_NONNEG;
  admit lemma prod_sq_hi: PROD_SQ_HI;
  admit lemma quot_lo_p: QUOT_LO_P;
  admit lemma quot_lo_n: QUOT_LO_N;
  admit lemma quot_hi_p: QUOT_HI_P;
  admit lemma quot_hi_n: QUOT_HI_N;
  admit lemma quot_nonneg: QUOT_NONNEG;
  admit lemma quot_nonpos: QUOT_NONPOS;
  admit lemma quot_neg: QUOT_NEG;
  admit lemma quot_mono: QUOT_MONO;
  admit lemma quot_le_one: QUOT_LE_ONE;
  // (b / y) e = b (e / y): admitted (A16), the one identity of quotients
  // the solvers do not prove through quot_def.
  admit lemma quot_scale: QUOT_SCALE;
  admit lemma sqrt_pos: SQRT_POS;
*/

#endif
