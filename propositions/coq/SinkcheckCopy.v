(* P4's symbolic model (docs/propositions/P4-cost-bounds.md): the QK costs of
   the seed's two constructions as closed forms, and the tactic that proves
   the upper bounds' QK shares for every lambda of the domain.

   Units. A token is sqrt d times a reduced vector and W_QK = (kappa/sqrt d) W~,
   so a construction's nuclear norm is (kappa/sqrt d) times the nuclear norm
   of its reduced matrix; Delta_diag = d Delta~ (Delta~ in reduced units).

   These are *definitions* of concrete quantities (what propositions/
   cost_bounds.cpp computes as cost_sink and cost_diag): the link to the
   concrete model is the C++ test "P4 symbolic model: ..." in
   tests/test_cost_bounds_symbolic.cpp, which checks each closed form against
   a certified nuclear norm of the exact construction matrices. *)
From Coq Require Import Reals Lra Psatz.
From Interval Require Import Tactic.
Open Scope R_scope.

(* ---- The sink construction ------------------------------------------------
   Reduced M = a r e_0^T + b sum_c e_{C+c} e_c^T with r = e_1 + ... + e_2C,
   a = 1/min(lambda, 1), b = (1 + a)/lambda. Its Gram matrix is b^2 on the
   C - 1 directions of the columns 1..C orthogonal to (1, ..., 1), and the 2x2
   block [[2C a^2, sqrt C a b], [sqrt C a b, b^2]] (determinant C a^2 b^2),
   whose two singular values sum to sqrt(trace + 2 sqrt(det)). *)
Definition sink_a (lambda : R) : R := / Rmin lambda 1.
Definition sink_b (lambda : R) : R := (1 + sink_a lambda) / lambda.
Definition sink_nuclear (C lambda : R) : R :=
  (C - 1) * sink_b lambda
  + sqrt (2 * C * sink_a lambda ^ 2 + sink_b lambda ^ 2 + 2 * sqrt C * sink_a lambda * sink_b lambda).
Definition cost_sink (C lambda kappa d : R) : R := kappa / sqrt d * sink_nuclear C lambda.

(* ---- The diagonal construction --------------------------------------------
   Reduced M = sum_c [[s, 0], [b, a]] on (e_c, e_{C+c}) with s = 1/lambda^2,
   a = 1, b = 2/lambda (each block's singular values sum to
   sqrt(s^2 + a^2 + b^2 + 2 s a), its determinant s a being positive), plus
   alpha P_eta on the nuisance span (rank r_eta, orthogonal to the blocks),
   alpha = 2/Delta~ = 2 d/Delta_diag: the reading alpha_diag = 2 kappa sqrt(d)/Delta_diag. *)
Definition diag_s (lambda : R) : R := / lambda ^ 2.
Definition diag_b (lambda : R) : R := 2 / lambda.
Definition diag_block_nuclear (lambda : R) : R := sqrt ((diag_s lambda + 1) ^ 2 + diag_b lambda ^ 2).
Definition diag_alpha (d Delta_diag : R) : R := 2 * d / Delta_diag.
Definition diag_nuclear (C lambda d Delta_diag r_eta : R) : R :=
  C * diag_block_nuclear lambda + diag_alpha d Delta_diag * r_eta.
Definition cost_diag (C lambda kappa d Delta_diag r_eta : R) : R :=
  kappa / sqrt d * diag_nuclear C lambda d Delta_diag r_eta.

(* ---- Lemmas: the costs in the bounds' own terms --------------------------- *)

(* The sink's reduced norm, with min(lambda, 1) resolved on each side of the kink. *)
Lemma sink_nuclear_below_kink : forall C lambda, 0 < lambda <= 1 ->
  sink_nuclear C lambda =
  (C - 1) * ((1 + / lambda) / lambda)
  + sqrt (2 * C * (/ lambda) ^ 2 + ((1 + / lambda) / lambda) ^ 2
          + 2 * sqrt C * (/ lambda) * ((1 + / lambda) / lambda)).
Proof.
  intros C lambda H. unfold sink_nuclear, sink_b, sink_a.
  rewrite Rmin_left by lra. reflexivity.
Qed.

Lemma sink_nuclear_above_kink : forall C lambda, 1 <= lambda ->
  sink_nuclear C lambda =
  (C - 1) * (2 / lambda) + sqrt (2 * C + (2 / lambda) ^ 2 + 2 * sqrt C * (2 / lambda)).
Proof.
  intros C lambda H. unfold sink_nuclear, sink_b, sink_a.
  rewrite Rmin_right by lra. rewrite Rinv_1.
  replace ((1 + 1) / lambda) with (2 / lambda) by (unfold Rdiv; ring).
  f_equal. f_equal. ring.
Qed.

(* The diagonal cost is the QK share of the blocks plus alpha's share,
   2 kappa sqrt(d)/Delta_diag * r_eta: half the bound's nuisance term. *)
Lemma cost_diag_shares : forall C lambda kappa d Delta_diag r_eta, 0 < d -> Delta_diag <> 0 ->
  cost_diag C lambda kappa d Delta_diag r_eta =
  kappa / sqrt d * (C * diag_block_nuclear lambda) + 2 * kappa * sqrt d / Delta_diag * r_eta.
Proof.
  intros C lambda kappa d Delta_diag r_eta Hd HD.
  unfold cost_diag, diag_nuclear, diag_alpha.
  assert (Hs : 0 < sqrt d) by (apply sqrt_lt_R0; lra).
  pattern d at 2; rewrite <- (sqrt_sqrt d) by lra.
  field. split; lra.
Qed.

(* A bound on a cost, kappa/sqrt d * S <= B, is the bound S <= B/(kappa/sqrt d)
   on the reduced norm; a cost above a bound likewise. *)
Lemma share_le : forall u S B, 0 < u -> S <= B / u -> u * S <= B.
Proof.
  intros u S B Hu H. apply (Rmult_le_compat_l u) in H; [ | lra ].
  replace (u * (B / u)) with B in H by (field; lra). exact H.
Qed.

Lemma share_gt : forall u S B, 0 < u -> B / u < S -> B < u * S.
Proof.
  intros u S B Hu H. apply (Rmult_lt_compat_l u) in H; [ | lra ].
  replace (u * (B / u)) with B in H by (field; lra). exact H.
Qed.

(* ---- The tactic ------------------------------------------------------------
   After `intros` the context holds the domain's hypotheses (lambda in
   [lambda_min, lambda_max], 0 < kappa, 2 C + 1 + r_eta <= d, 0 < Delta_diag,
   0 <= r_eta) and the claim's; the goal is a bound on a cost. Strategies, in
   turn:
   - sink, goal-directed: divide by the unit kappa/sqrt d (field), then prove
     the bound on the reduced norm by interval arithmetic, bisecting lambda
     on each side of the kink at lambda = 1 (or at the point, for a fixed
     lambda). This is what proves the thresholds' brackets, whose margins
     are small.
   - any cost, by an upper bound: bound the lambda-dependent reduced norm by
     interval arithmetic (interval_intro), then close the goal by nonlinear
     arithmetic with the unit kappa/sqrt d and the diagonal's nuisance share
     as nonnegative atoms.
   - every variable fixed: evaluate by interval arithmetic.
   A false claim leaves a goal interval cannot prove, or an upper bound too
   large for nra: the tactic fails. *)

(* Hypotheses `a >= b` as `b <= a`, which is what interval reads. *)
Ltac sinkcheck_copy_normalise :=
  repeat match goal with H : ?a >= ?b |- _ => apply Rge_le in H end;
  repeat match goal with H : ?a > ?b |- _ => apply Rgt_lt in H end;
  try unfold Rge; try unfold Rgt;
  (* "the claim fails here": the cost is strictly above the bound *)
  try apply Rlt_not_le.

Ltac sinkcheck_copy_units kappa d :=
  assert (0 < sqrt d) by (apply sqrt_lt_R0; lra);
  assert (0 < kappa / sqrt d) by (apply Rdiv_lt_0_compat; lra).

(* min(lambda, 1) resolved: lambda <= 1 or 1 < lambda. *)
Ltac sinkcheck_copy_kink C lambda :=
  destruct (Rle_or_lt lambda 1);
  [ rewrite (sink_nuclear_below_kink C lambda) by lra
  | rewrite (sink_nuclear_above_kink C lambda) by lra ].

Ltac sinkcheck_copy_sink_direct :=
  match goal with
  | |- cost_sink ?C ?lambda ?kappa ?d <= ?B =>
      unfold cost_sink; sinkcheck_copy_units kappa d;
      apply share_le; [ assumption | ];
      field_simplify (B / (kappa / sqrt d)); try (repeat split; lra)
  | |- ?B < cost_sink ?C ?lambda ?kappa ?d =>
      unfold cost_sink; sinkcheck_copy_units kappa d;
      apply share_gt; [ assumption | ];
      field_simplify (B / (kappa / sqrt d)); try (repeat split; lra)
  end;
  match goal with
  | |- context [sink_nuclear ?C ?lambda] =>
      sinkcheck_copy_kink C lambda;
      first [ exfalso; lra | interval | interval with (i_prec 90) | interval with (i_bisect lambda, i_depth 22) ]
  end.

Ltac sinkcheck_copy_sink_by_upper_bound :=
  match goal with
  | |- context [cost_sink ?C ?lambda ?kappa ?d] =>
      unfold cost_sink;
      sinkcheck_copy_units kappa d;
      let X := fresh "X" in
      let HX := fresh "HX" in
      sinkcheck_copy_kink C lambda;
      [ interval_intro ((C - 1) * ((1 + / lambda) / lambda)
          + sqrt (2 * C * (/ lambda) ^ 2 + ((1 + / lambda) / lambda) ^ 2
                  + 2 * sqrt C * (/ lambda) * ((1 + / lambda) / lambda)))
          upper with (i_bisect lambda) as HX
      | interval_intro ((C - 1) * (2 / lambda) + sqrt (2 * C + (2 / lambda) ^ 2 + 2 * sqrt C * (2 / lambda)))
          upper with (i_bisect lambda) as HX ];
      match type of HX with ?e <= _ => set (X := e) in * end;
      clearbody X;
      nra
  end.

Ltac sinkcheck_copy_diag :=
  match goal with
  | |- context [cost_diag ?C ?lambda ?kappa ?d ?Delta ?r] =>
      sinkcheck_copy_units kappa d;
      rewrite (cost_diag_shares C lambda kappa d Delta r) by lra;
      assert (0 <= kappa * sqrt d / Delta * r)
        by (apply Rmult_le_pos; [apply Rlt_le, Rdiv_lt_0_compat; nra | lra]);
      let X := fresh "X" in
      let HX := fresh "HX" in
      unfold diag_block_nuclear, diag_s, diag_b;
      interval_intro (sqrt ((/ lambda ^ 2 + 1) ^ 2 + (2 / lambda) ^ 2))
        upper with (i_bisect lambda) as HX;
      set (X := sqrt ((/ lambda ^ 2 + 1) ^ 2 + (2 / lambda) ^ 2)) in *;
      clearbody X;
      nra
  end.

(* Every variable fixed (a claim at one exact instance, such as "the bound
   fails at lambda_lo" of `sinkcheck boundary --prove`): evaluate. *)
Ltac sinkcheck_copy_at_a_point :=
  unfold cost_sink, sink_nuclear, sink_b, sink_a, cost_diag, diag_nuclear, diag_block_nuclear, diag_s, diag_b,
         diag_alpha;
  first [ rewrite Rmin_left by lra | rewrite Rmin_right by lra | idtac ];
  first [ interval | interval with (i_prec 90) ].

Ltac sinkcheck_copy_auto :=
  sinkcheck_copy_normalise;
  first [ sinkcheck_copy_sink_direct | sinkcheck_copy_sink_by_upper_bound | sinkcheck_copy_diag
        | sinkcheck_copy_at_a_point ].
