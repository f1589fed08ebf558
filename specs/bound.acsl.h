/* ACSL logic of the ball ranges (bound.h includes it under __FRAMAC__):
 * points of R^d and the balls and boxes around a double centre. */
#ifndef NTKCERT_BOUND_ACSL_H
#define NTKCERT_BOUND_ACSL_H

/*@
  // A point of R^d, by its coordinates: an abstract type, so a contract
  // proved for every vec holds for every function from indices to reals.
  axiomatic Vec {
    type vec;
    logic real coord(vec x, integer k);
  }
  // |e| <= r.
  predicate small(real e, real r) = -r <= e && e <= r;
  // |x - x0|_inf <= delta, for the d doubles x0[0..d-1].
  predicate in_linf_ball{L}(vec x, double *x0, integer d, real delta) =
    \forall integer k; 0 <= k < d ==> small(coord(x, k) - x0[k], delta);
  // x in the box [dlo, dhi]^d (an infinite end bounds nothing).
  predicate in_box(vec x, integer d, double dlo, double dhi) =
    \forall integer k; 0 <= k < d ==> below(dlo, coord(x, k)) && above(dhi, coord(x, k));
  // u^2 on [-1, 1], proved as a check lemma and then assumed under the same
  // statement (as in specs/real.acsl.h).
  check lemma unit_sq_proof: \forall real u; -1 <= u <= 1 ==> 0 <= u * u <= 1;
  admit lemma unit_sq: \forall real u; -1 <= u <= 1 ==> 0 <= u * u <= 1;
  check lemma unit_sq_strict_proof: \forall real u; -1 < u < 1 ==> 0 < 1 - u * u;
  admit lemma unit_sq_strict: \forall real u; -1 < u < 1 ==> 0 < 1 - u * u;
  // sum_{k < n} x_k^2, so |x| = \sqrt(sumsq(x, d)).
  logic real sumsq(vec x, integer n) = n <= 0 ? 0 : sumsq(x, n - 1) + coord(x, n - 1) * coord(x, n - 1);
  // <x, z> for a point x and the doubles z[0..n-1].
  logic real dotv{L}(vec x, double *z, integer n) = n <= 0 ? 0 : dotv(x, z, n - 1) + coord(x, n - 1) * z[n - 1];
  // |z|_1 of the doubles z[0..n-1].
  logic real l1norm{L}(double *z, integer n) = n <= 0 ? 0 : l1norm(z, n - 1) + \abs(z[n - 1]);
  // |x - x0|_2^2, and the l_2 ball.
  logic real dist2{L}(vec x, double *x0, integer n) =
    n <= 0 ? 0 : dist2(x, x0, n - 1) + (coord(x, n - 1) - x0[n - 1]) * (coord(x, n - 1) - x0[n - 1]);
  predicate in_l2_ball{L}(vec x, double *x0, integer d, real delta) = dist2(x, x0, d) <= delta * delta;
  // The set a certificate covers: the l_2 (l2 != 0) or l_inf ball of radius
  // delta around x0, within the domain box [dlo, dhi]^d when dom != 0.
  predicate in_set{L}(vec x, double *x0, integer d, real delta, integer l2, integer dom, double dlo, double dhi) =
    (l2 != 0 ? in_l2_ball(x, x0, d, delta) : in_linf_ball(x, x0, d, delta)) && (dom != 0 ==> in_box(x, d, dlo, dhi));

  // Inequalities of R^n (admitted: A10), for e = <x - x0, z> over a ball
  // of radius delta and the norms: Hoelder, Cauchy-Schwarz, the triangle
  // inequality, |v|_2 <= sqrt(n) |v|_inf, and the l_2 ball within the l_inf one.
  axiomatic Inequalities {
    axiom hoelder{L}: \forall vec x, double *x0, double *z, integer n, real delta, double Z;
      0 <= n && 0 <= delta && in_linf_ball(x, x0, n, delta) && \is_finite(Z) && above(Z, l1norm(z, n)) ==>
      small(dotv(x, z, n) - dotp(x0, z, n), Z * delta);
    axiom cs_l2{L}: \forall vec x, double *x0, double *z, integer n, real delta, double Z;
      0 <= n && 0 <= delta && in_l2_ball(x, x0, n, delta) && \is_finite(Z) && above(Z, \sqrt(dotp(z, z, n))) ==>
      small(dotv(x, z, n) - dotp(x0, z, n), Z * delta);
    axiom cs_linf{L}: \forall vec x, double *x0, double *z, integer n, real delta, double Z;
      0 <= n && 0 <= delta && in_linf_ball(x, x0, n, delta) && \is_finite(Z) && above(Z, \sqrt(dotp(z, z, n))) ==>
      small(dotv(x, z, n) - dotp(x0, z, n), \sqrt(n) * delta * Z);
    axiom cs{L}: \forall vec x, double *z, integer n;
      0 <= n ==> small(dotv(x, z, n), \sqrt(sumsq(x, n)) * \sqrt(dotp(z, z, n)));
    axiom triangle_l2{L}: \forall vec x, double *x0, integer n, real delta;
      0 <= n && 0 <= delta && in_l2_ball(x, x0, n, delta) ==>
      small(\sqrt(sumsq(x, n)) - \sqrt(dotp(x0, x0, n)), delta);
    axiom triangle_linf{L}: \forall vec x, double *x0, integer n, real delta;
      0 <= n && 0 <= delta && in_linf_ball(x, x0, n, delta) ==>
      small(\sqrt(sumsq(x, n)) - \sqrt(dotp(x0, x0, n)), \sqrt(n) * delta);
    axiom l2_in_linf{L}: \forall vec x, double *x0, integer n, real delta;
      0 <= delta && in_l2_ball(x, x0, n, delta) ==> in_linf_ball(x, x0, n, delta);
    axiom norm_nonneg: \forall vec x, integer n; 0 <= \sqrt(sumsq(x, n));
    axiom normp_nonneg{L}: \forall double *z, integer n; 0 <= \sqrt(dotp(z, z, n));
  }

  // h's minimiser hstar = -0.79409986... lies between the adjacent doubles
  // BOUND_HMIN_LO and BOUND_HMIN_HI (h' < 0 at the first, > 0 at the second,
  // and h' increases: h is convex); h decreases before it and increases
  // after it, and its minimum is at least BOUND_H_MIN. Admitted: A9.
  axiomatic HPieces {
    logic real hstar;
    axiom hstar_bracket: BOUND_HMIN_LO < hstar < BOUND_HMIN_HI;
    axiom h_decreasing: \forall real x, y; -1 <= x <= y <= hstar ==> h(y) <= h(x);
    axiom h_increasing: \forall real x, y; hstar <= x <= y <= 1 ==> h(x) <= h(y);
    axiom h_minimum: BOUND_H_MIN <= h(hstar);
  }
  // Theta(x, z) of the two-layer NTK in dimension d, for <x,z> = t and |x||z| = q.
  logic real ntk1(real t, real q, integer d) = q * h(cosine(t, q)) * quot(1, 2 * pi * d);

  // The partial derivatives of the two-layer NTK as a function of
  // a = <x,z> and r = |x| (bound_ntk1_grad): dTheta/da = hprime(u) / (2 pi d)
  // and dTheta/dr = |z| kr(u) / (2 pi d), u the cosine. hprime increases on
  // (-1, 1); kr increases on (-1, 0], decreases on [0, 1) and is at most 1.
  // Admitted: A13. The two are declared in the axiomatic so that WP gives
  // its axioms only to goals that mention them (global axioms flood the
  // solvers elsewhere: ctx_fill's goals failed with them in context).
  axiomatic Derivatives {
    logic real hprime(real u) = 2 * (pi - acos(u)) + quot(u, \sqrt(1 - u * u));
    logic real kr(real u) = quot(1 - 2 * u * u, \sqrt(1 - u * u));
    axiom hprime_increasing: \forall real x, y; -1 < x <= y < 1 ==> hprime(x) <= hprime(y);
    axiom kr_increasing: \forall real x, y; -1 < x <= y <= 0 ==> kr(x) <= kr(y);
    axiom kr_decreasing: \forall real x, y; 0 <= x <= y < 1 ==> kr(y) <= kr(x);
    axiom kr_at_most_one: \forall real x; -1 < x < 1 ==> kr(x) <= 1;
  }

  // A and B hold d phi / d a and d phi / d r (A13) of phi(a, r) = Theta,
  // for <x, z> = a, |x| = r and |z| = s, at every point of the box
  // AH x RH x S, and the box lies strictly inside the cone |a| < r s, where
  // phi is smooth: what bound_ntk1_grad proves when it returns 1.
  predicate grad_rect(iv_t A, iv_t B, iv_t AH, iv_t RH, iv_t S, integer d) =
    \forall real t, p, s; in_iv(AH, t) && in_iv(RH, p) && in_iv(S, s) ==>
      0 < p * s && -1 < cosine(t, p * s) < 1 &&
      in_iv(A, quot(1, 2 * pi * d) * hprime(cosine(t, p * s))) &&
      in_iv(B, quot(1, 2 * pi * d) * s * kr(cosine(t, p * s)));

  // The deep kernels of kernel.h. kappa0(u) = (pi - acos u)/pi and
  // kappa1(u) = (sqrt(1 - u^2) + (pi - acos u) u)/pi: E[relu'(a) relu'(b)]
  // and E[relu(a) relu(b)], times 2, of Gaussians a, b of unit variance and
  // correlation u (the second over sqrt(var a var b)).
  logic real kappa0(real u) = quot(pi - acos(u), pi);
  logic real kappa1(real u) = quot(\sqrt(1 - u * u) + (pi - acos(u)) * u, pi);
  // kappa1 increases on [-1, 1]: its derivative is kappa0 >= 0. Admitted: A12.
  axiomatic Kappa1 {
    axiom kappa1_increasing: \forall real x, y; -1 <= x <= y <= 1 ==> kappa1(x) <= kappa1(y);
  }
  // v clipped to [-1, 1], and a layer's cosine t / q. By Cauchy-Schwarz
  // |t| <= q for consistent t and q, so the clip never acts there; it makes
  // the kernel defined for every t and q >= 0, as the interval recursion
  // needs (its ranges of t and q need not be consistent). q = 0 only when
  // b = 0 and x or z is 0; then Sigma(x,z) and Theta are 0 at every layer
  // whatever the cosine, taken as 0.
  logic real clip1(real v) = v < -1 ? -1 : (v > 1 ? 1 : v);
  logic real ucos(real t, real q) = q > 0 ? clip1(quot(t, q)) : 0;
  // One hidden layer: from Sigma(x,z) = c, Sigma(x,x) = p, Sigma(z,z) = s
  // and Theta = th to the next layer's (kernel.h), bias variance b.
  logic real var_next(real p, real b) = 0.5 * p + b;
  logic real cov_next(real c, real p, real s, real b) =
    0.5 * (\sqrt(p) * \sqrt(s)) * kappa1(ucos(c, \sqrt(p) * \sqrt(s))) + b;
  logic real ntk_next(real th, real c, real p, real s, real b) =
    th * (0.5 * kappa0(ucos(c, \sqrt(p) * \sqrt(s)))) + cov_next(c, p, s, b);
  // Sigma^{l+1} and Theta^{l+1} of kernel.h for <x,z> = t, |x| = p, |z| = s
  // in dimension d: Sigma(x,x) (deep_var), Sigma(x,z) (deep_cov), Theta
  // (deep_ntk) after l hidden layers.
  logic real deep_var(integer l, real p, integer d, real b) =
    l <= 0 ? quot(p * p, d) + b : var_next(deep_var(l - 1, p, d, b), b);
  logic real deep_cov(integer l, real t, real p, real s, integer d, real b) =
    l <= 0 ? quot(t, d) + b :
    cov_next(deep_cov(l - 1, t, p, s, d, b), deep_var(l - 1, p, d, b), deep_var(l - 1, s, d, b), b);
  logic real deep_ntk(integer l, real t, real p, real s, integer d, real b) =
    l <= 0 ? deep_cov(0, t, p, s, d, b) :
    ntk_next(deep_ntk(l - 1, t, p, s, d, b), deep_cov(l - 1, t, p, s, d, b),
             deep_var(l - 1, p, d, b), deep_var(l - 1, s, d, b), b);
  // The kernel of L hidden layers: the NNGP Sigma^{L+1} or the NTK Theta^{L+1}.
  logic real deep_kernel(integer nngp, integer L, real t, real p, real s, integer d, real b) =
    nngp != 0 ? deep_cov(L, t, p, s, d, b) : deep_ntk(L, t, p, s, d, b);
*/

#endif
