(* A true variant (lambda >= 2/5, above every C <= 3 threshold, about 0.39): must compile.
   Written in the form `sinkcheck prove` generates (docs/proving.md): the claim of the theory file as a Coq theorem.
   Statement P4.U_sink, claim "QK share of U_sink"
   assume: lambda >= 2/5
   holds:  cost_sink <= 12*kappa*C/sqrt(d)
   scope:  every lambda in [1/8, 4] and C <= 3 *)
From Coq Require Import Reals Lra.
From Interval Require Import Tactic.
From Sinkcheck Require Import SinkcheckCopy.
Open Scope R_scope.

(* C = 1 group, every lambda in [1/8, 4], every kappa, d, Delta_diag and r_eta *)
Theorem claim_C1 : forall (lambda kappa d Delta_diag r_eta n t : R),
  (* model *) (1 / 8) <= lambda <= 4 -> 0 < kappa -> 2 * 1 + 1 + r_eta <= d -> 0 < Delta_diag ->
    0 <= r_eta <= 3 -> 1 <= n <= 3 -> 0 < t ->
  (* defined *) 0 <= (d) -> sqrt (d) <> 0 ->
  (* assume *) (lambda) >= (2 / 5) ->
  (* holds *) (cost_sink 1 lambda kappa d) <= 12 * (kappa) * (1) / sqrt (d).
Proof. intros. sinkcheck_copy_auto. Qed.

(* C = 2 groups, every lambda in [1/8, 4], every kappa, d, Delta_diag and r_eta *)
Theorem claim_C2 : forall (lambda kappa d Delta_diag r_eta n t : R),
  (* model *) (1 / 8) <= lambda <= 4 -> 0 < kappa -> 2 * 2 + 1 + r_eta <= d -> 0 < Delta_diag ->
    0 <= r_eta <= 3 -> 1 <= n <= 3 -> 0 < t ->
  (* defined *) 0 <= (d) -> sqrt (d) <> 0 ->
  (* assume *) (lambda) >= (2 / 5) ->
  (* holds *) (cost_sink 2 lambda kappa d) <= 12 * (kappa) * (2) / sqrt (d).
Proof. intros. sinkcheck_copy_auto. Qed.

(* C = 3 groups, every lambda in [1/8, 4], every kappa, d, Delta_diag and r_eta *)
Theorem claim_C3 : forall (lambda kappa d Delta_diag r_eta n t : R),
  (* model *) (1 / 8) <= lambda <= 4 -> 0 < kappa -> 2 * 3 + 1 + r_eta <= d -> 0 < Delta_diag ->
    0 <= r_eta <= 3 -> 1 <= n <= 3 -> 0 < t ->
  (* defined *) 0 <= (d) -> sqrt (d) <> 0 ->
  (* assume *) (lambda) >= (2 / 5) ->
  (* holds *) (cost_sink 3 lambda kappa d) <= 12 * (kappa) * (3) / sqrt (d).
Proof. intros. sinkcheck_copy_auto. Qed.
