(* The symbolic model of one query's softmax over a target key and K other
   visible keys (sinkcheck's P2 contexts, and P1.c's per-query sink masses).
   Softmax is shift invariant, so the weights are taken relative to the
   target: u_j = exp(s_j - s_target) for each other key j, and the target's
   own weight is 1. With the margin m = s_target - max_j s_j, every
   0 < u_j <= exp(-m): the hypotheses of each generated theorem.

   These are definitions of the concrete quantities, not theorems about them:
   tests/symbolic_link_test.cpp checks each against sinkcheck's certified
   evaluation of the concrete model on random instances. *)
From Coq Require Import Reals Lra Psatz List.
Import ListNotations.
Open Scope R_scope.

(* sum_j u_j *)
Fixpoint weight_sum (us : list R) : R :=
  match us with [] => 0 | u :: rest => u + weight_sum rest end.

(* sum_j u_j x_j, for one value coordinate x_j of each other key *)
Fixpoint weighted_sum (us xs : list R) : R :=
  match us, xs with
  | u :: us', x :: xs' => u * x + weighted_sum us' xs'
  | _, _ => 0
  end.

(* The gate g: the softmax mass off the target. *)
Definition gate (us : list R) : R := weight_sum us / (1 + weight_sum us).

(* The target's mass a0. *)
Definition target_mass (us : list R) : R := 1 / (1 + weight_sum us).

(* One coordinate of the output o = sum_j A_j v_j (the target's value v0c). *)
Definition switch_output (v0c : R) (us xs : list R) : R := (v0c + weighted_sum us xs) / (1 + weight_sum us).

(* One coordinate of the output of attention without the target. *)
Definition sink_free_output (us xs : list R) : R := weighted_sum us xs / weight_sum us.

Lemma gate_plus_target_mass : forall us, 0 <= weight_sum us -> gate us + target_mass us = 1.
Proof. intros us H. unfold gate, target_mass. field. lra. Qed.

Lemma div_le_div_cross : forall a b c d, 0 < b -> 0 < d -> a * d <= c * b -> a / b <= c / d.
Proof.
  intros a b c d Hb Hd H. unfold Rdiv.
  apply Rmult_le_reg_r with (b * d); [nra|].
  replace (a * / b * (b * d)) with (a * d) by (field; lra).
  replace (c * / d * (b * d)) with (c * b) by (field; lra). exact H.
Qed.

Lemma div_lt_div_cross : forall a b c d, 0 < b -> 0 < d -> a * d < c * b -> a / b < c / d.
Proof.
  intros a b c d Hb Hd H. unfold Rdiv.
  apply Rmult_lt_reg_r with (b * d); [nra|].
  replace (a * / b * (b * d)) with (a * d) by (field; lra).
  replace (c * / d * (b * d)) with (c * b) by (field; lra). exact H.
Qed.

Lemma div_le_cross : forall a b c, 0 < b -> a <= c * b -> a / b <= c.
Proof.
  intros a b c Hb H. unfold Rdiv. apply Rmult_le_reg_r with b; [lra|].
  replace (a * / b * b) with a by (field; lra). exact H.
Qed.

Lemma le_div_cross : forall a b c, 0 < b -> a * b <= c -> a <= c / b.
Proof.
  intros a b c Hb H. unfold Rdiv. apply Rmult_le_reg_r with b; [lra|].
  replace (c * / b * b) with c by (field; lra). exact H.
Qed.

(* The weights' hypotheses arrive one by one (P2) or as one conjunction per
   query (P1.c's coordinate): split the conjunction, keeping each 0 < u <= t. *)
Ltac switch_split_weights :=
  repeat match goal with
  | H : (0 < _ <= _) /\ _ |- _ => destruct H
  | H : (_ * _ <= _) /\ _ |- _ => destruct H
  end.

(* 0 < S <= K t for S = sum_j u_j, where t bounds every weight; then the
   weights' own hypotheses are forgotten and S, t become plain variables. *)
Ltac switch_abstract_sum :=
  match goal with
  | H : 0 < _ <= ?t |- context [weight_sum ?us] =>
      let Ht := fresh "Ht" in
      assert (Ht : 0 < t) by (apply exp_pos || lra);
      let HS := fresh "HS" in
      assert (HS : 0 < weight_sum us <= INR (length us) * t) by (simpl; lra);
      repeat match goal with H' : 0 < _ <= t |- _ => clear H' end;
      simpl length in HS; simpl INR in HS;
      let S := fresh "S" in
      set (S := weight_sum us) in *; clearbody S;
      let T := fresh "T" in
      set (T := t) in *; clearbody T
  end.

(* A zero-norm target value: its coordinate is 0 (v0c * v0c <= v0n = 0). *)
Ltac switch_zero_coordinates :=
  repeat match goal with
  | H : ?x * ?x <= ?n, Hn : ?n = 0 |- _ => assert (x = 0) by nra; clear H; subst x
  end.

(* Probe contexts (every other key the same token): with the flag set, each
   other key's value coordinate is the first one's, and the sums are expanded.
   With one other key there is no other coordinate to equate (K = 1). *)
Ltac switch_probe :=
  repeat match goal with H : _ /\ _ |- _ => destruct H end;
  try match goal with Hp : ?p = 1, H : ?p = 1 -> _ |- _ => specialize (H Hp) end;
  repeat match goal with H : _ /\ _ |- _ => destruct H end;
  subst;
  unfold gate, target_mass, switch_output, sink_free_output in *;
  simpl weight_sum in *; simpl weighted_sum in *;
  field; repeat split; lra.

(* The proof strategies, in turn: an identity (field), a comparison of two
   ratios with positive denominators (cross-multiplied, then nonlinear real
   arithmetic), a ratio against a term, or nonlinear arithmetic alone. *)
Ltac switch_general :=
  unfold gate, target_mass, switch_output, sink_free_output in *;
  switch_split_weights;
  switch_zero_coordinates;
  switch_abstract_sum;
  repeat match goal with |- context [weighted_sum ?us ?xs] =>
    let W := fresh "W" in set (W := weighted_sum us xs) in *; clearbody W end;
  repeat match goal with |- context [exp ?e] =>
    let E := fresh "E" in
    assert (0 < exp e) by apply exp_pos;
    set (E := exp e) in *; clearbody E end;
  (* a >= b as b <= a, a > b as b < a *)
  try apply Rle_ge; try apply Rlt_gt;
  first
    [ solve [ field; repeat split; lra ]
    | solve [ apply div_le_div_cross; nra ]
    | solve [ apply div_lt_div_cross; nra ]
    | solve [ apply div_le_cross; nra ]
    | solve [ apply le_div_cross; nra ]
    | solve [ nra ] ].

Ltac sinkcheck_switch_auto :=
  first [ solve [ switch_probe ] | switch_general ].
