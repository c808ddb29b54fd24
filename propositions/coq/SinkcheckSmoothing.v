(* P3's symbolic model (docs/propositions/P3-smoothing.md), for `sinkcheck prove`.

   The model of propositions/smoothing.cpp, written over real numbers for every
   token dimension d: mu a vector, L and W d x d matrices (B = L L^T, so B is
   is_positive semidefinite by construction; a d x r factor with r <= d is L padded
   with zero columns), beta and lam real, k real with 2 <= k (every integer
   number of tokens, and every real k >= 2 besides). Matrices are functions
   nat -> nat -> R read on the indices below d.

   The quantities are defined the way the concrete model computes them: the
   exact second moments of Y_i = sum_j M_ij z_j (M_ii = beta I + a W,
   M_ij = b W, a = 1 - lam + lam/k, b = lam/k), the quadratics in lam through
   their values at lam = 0, 1/2, 1, their derivatives, minima over [0,1] at
   the ends or the vertex, and the flags decided from the derivatives' signs.
   The lemmas below prove the closed forms of the theory file against these
   moments (for every d), what each flag means, and the facts the proof tactic
   `sinkcheck_smoothing_auto` uses. *)
From Coq Require Import Bool Reals Lra Lia Psatz Setoid Morphisms.
Open Scope R_scope.

(* ---- finite sums, matrices ------------------------------------------------ *)

Fixpoint fsum (n : nat) (f : nat -> R) : R :=
  match n with O => 0 | S m => fsum m f + f m end.

Lemma sum_ext : forall n f g, (forall i, f i = g i) -> fsum n f = fsum n g.
Proof. induction n; intros f g E; simpl; [reflexivity | rewrite (IHn f g E), E; reflexivity]. Qed.

Global Instance sum_proper n : Proper (pointwise_relation nat eq ==> eq) (fsum n).
Proof. intros f g E. apply sum_ext. exact E. Qed.

Lemma sum_lin : forall n a b f g, fsum n (fun i => a * f i + b * g i) = a * fsum n f + b * fsum n g.
Proof. induction n; intros; simpl; [ring | rewrite IHn; ring]. Qed.

Lemma sum_scal_l : forall n c f, fsum n (fun i => c * f i) = c * fsum n f.
Proof. induction n; intros; simpl; [ring | rewrite IHn; ring]. Qed.

Lemma sum_scal_r : forall n c f, fsum n (fun i => f i * c) = fsum n f * c.
Proof. induction n; intros; simpl; [ring | rewrite IHn; ring]. Qed.

Lemma sum_plus : forall n f g, fsum n (fun i => f i + g i) = fsum n f + fsum n g.
Proof. induction n; intros; simpl; [ring | rewrite IHn; ring]. Qed.

Lemma sum_zero : forall n, fsum n (fun _ => 0) = 0.
Proof. induction n; simpl; [reflexivity | rewrite IHn; ring]. Qed.

Lemma sum_swap : forall n m (f : nat -> nat -> R),
  fsum n (fun i => fsum m (fun j => f i j)) = fsum m (fun j => fsum n (fun i => f i j)).
Proof.
  induction n; intros; simpl.
  - symmetry. apply sum_zero.
  - rewrite IHn, <- sum_plus. reflexivity.
Qed.

Lemma sum_nonneg : forall n f, (forall i, 0 <= f i) -> 0 <= fsum n f.
Proof. induction n; intros f P; simpl; [lra | specialize (IHn f P); specialize (P n); lra]. Qed.

Definition mat := nat -> nat -> R.
Definition vec := nat -> R.

Definition mat_mul (d : nat) (X Y : mat) : mat := fun i j => fsum d (fun l => X i l * Y l j).
Definition mat_vec (d : nat) (X : mat) (v : vec) : vec := fun i => fsum d (fun l => X i l * v l).
Definition transpose (X : mat) : mat := fun i j => X j i.
Definition trace (d : nat) (X : mat) : R := fsum d (fun i => X i i).
(* sum_ij X_ij Y_ij = tr(X^T Y), as the concrete model's `frobenius` *)
Definition frob (d : nat) (X Y : mat) : R := fsum d (fun i => fsum d (fun j => X i j * Y i j)).
Definition dot (d : nat) (u v : vec) : R := fsum d (fun i => u i * v i).

Lemma frob_sym : forall d X Y, frob d X Y = frob d Y X.
Proof. intros. unfold frob. apply sum_ext; intro i. apply sum_ext; intro j. ring. Qed.

Lemma frob_lin_l : forall d a b X Y Z,
  frob d (fun i j => a * X i j + b * Y i j) Z = a * frob d X Z + b * frob d Y Z.
Proof.
  intros. unfold frob. rewrite <- sum_lin. apply sum_ext; intro i.
  rewrite <- sum_lin. apply sum_ext; intro j. ring.
Qed.

Lemma frob_lin_r : forall d a b X Y Z,
  frob d Z (fun i j => a * X i j + b * Y i j) = a * frob d Z X + b * frob d Z Y.
Proof. intros. rewrite frob_sym, frob_lin_l, (frob_sym d X), (frob_sym d Y). reflexivity. Qed.

Lemma dot_sym : forall d u v, dot d u v = dot d v u.
Proof. intros. unfold dot. apply sum_ext; intro i. ring. Qed.

Lemma dot_lin_l : forall d a b u v w,
  dot d (fun i => a * u i + b * v i) w = a * dot d u w + b * dot d v w.
Proof. intros. unfold dot. rewrite <- sum_lin. apply sum_ext; intro i. ring. Qed.

Lemma dot_lin_r : forall d a b u v w,
  dot d w (fun i => a * u i + b * v i) = a * dot d w u + b * dot d w v.
Proof. intros. rewrite dot_sym, dot_lin_l, (dot_sym d u), (dot_sym d v). reflexivity. Qed.

Lemma frob_self_nonneg : forall d X, 0 <= frob d X X.
Proof. intros. apply sum_nonneg; intro i. apply sum_nonneg; intro j. nra. Qed.

Lemma dot_self_nonneg : forall d u, 0 <= dot d u u.
Proof. intros. apply sum_nonneg; intro i. nra. Qed.

(* tr(XY) = tr(YX) *)
Lemma trace_mul_comm : forall d X Y, trace d (mat_mul d X Y) = trace d (mat_mul d Y X).
Proof.
  intros. unfold trace, mat_mul. rewrite sum_swap. apply sum_ext; intro i.
  apply sum_ext; intro j. ring.
Qed.

Lemma trace_ext : forall d X Y, (forall i j, X i j = Y i j) -> trace d X = trace d Y.
Proof. intros d X Y E. unfold trace. apply sum_ext; intro i. apply E. Qed.

Lemma mat_mul_assoc : forall d X Y Z i j,
  mat_mul d (mat_mul d X Y) Z i j = mat_mul d X (mat_mul d Y Z) i j.
Proof.
  intros. unfold mat_mul.
  setoid_rewrite <- sum_scal_r. setoid_rewrite <- sum_scal_l.
  rewrite sum_swap. apply sum_ext; intro l. apply sum_ext; intro m. ring.
Qed.

Lemma mat_mul_ext_l : forall d X X' Y i j, (forall i j, X i j = X' i j) ->
  mat_mul d X Y i j = mat_mul d X' Y i j.
Proof. intros d X X' Y i j E. unfold mat_mul. apply sum_ext; intro l. rewrite E. reflexivity. Qed.

Lemma mat_mul_ext_r : forall d X Y Y' i j, (forall i j, Y i j = Y' i j) ->
  mat_mul d X Y i j = mat_mul d X Y' i j.
Proof. intros d X Y Y' i j E. unfold mat_mul. apply sum_ext; intro l. rewrite E. reflexivity. Qed.

(* frob(X, Y) = tr(X^T Y) *)
Lemma frob_trace : forall d X Y, frob d X Y = trace d (mat_mul d (transpose X) Y).
Proof.
  intros. unfold frob, trace, mat_mul, transpose. rewrite sum_swap. reflexivity.
Qed.

(* ---- the model's inputs and their trace scalars ----------------------------- *)

Definition Bmat (d : nat) (L : mat) : mat := mat_mul d L (transpose L).
Definition WL (d : nat) (W L : mat) : mat := mat_mul d W L.

Definition trB (d : nat) (L : mat) : R := trace d (Bmat d L).
(* sum_ij B_ij W_ji *)
Definition trBW (d : nat) (L W : mat) : R := trace d (mat_mul d (Bmat d L) W).
(* sum_ij B_ij (W^T W)_ji *)
Definition trBWtW (d : nat) (L W : mat) : R :=
  trace d (mat_mul d (Bmat d L) (mat_mul d (transpose W) W)).
(* ||(beta I + W) mu||^2 *)
Definition mu_norm2 (d : nat) (beta : R) (mu : vec) (W : mat) : R :=
  let shifted := fun i => beta * mu i + mat_vec d W mu i in dot d shifted shifted.

Lemma trB_frob : forall d L, trB d L = frob d L L.
Proof. intros. unfold trB, Bmat, trace, mat_mul, frob, transpose. reflexivity. Qed.

Lemma trBW_frob : forall d L W, trBW d L W = frob d L (WL d W L).
Proof.
  intros. unfold trBW, Bmat, WL. rewrite trace_mul_comm.
  rewrite (trace_ext d _ (mat_mul d (mat_mul d W L) (transpose L)))
    by (intros; symmetry; apply mat_mul_assoc).
  rewrite trace_mul_comm, frob_trace. reflexivity.
Qed.

Lemma trBWtW_frob : forall d L W, trBWtW d L W = frob d (WL d W L) (WL d W L).
Proof.
  intros. unfold trBWtW, Bmat, WL. rewrite trace_mul_comm, frob_trace.
  (* tr((W^T W)(L L^T)) = tr(((W^T W) L) L^T) = tr(L^T (W^T (W L))) = tr((W L)^T (W L)) *)
  rewrite (trace_ext d _ (mat_mul d (mat_mul d (mat_mul d (transpose W) W) L) (transpose L)))
    by (intros; symmetry; apply mat_mul_assoc).
  rewrite trace_mul_comm. apply trace_ext; intros i j.
  transitivity (mat_mul d (transpose L) (mat_mul d (transpose W) (mat_mul d W L)) i j).
  { apply mat_mul_ext_r; intros. apply mat_mul_assoc. }
  rewrite <- mat_mul_assoc. apply mat_mul_ext_l; intros.
  unfold mat_mul, transpose. apply sum_ext; intro l. ring.
Qed.

Lemma trB_nonneg : forall d L, 0 <= trB d L.
Proof. intros. rewrite trB_frob. apply frob_self_nonneg. Qed.

Lemma trBWtW_nonneg : forall d L W, 0 <= trBWtW d L W.
Proof. intros. rewrite trBWtW_frob. apply frob_self_nonneg. Qed.

Lemma mu_norm2_nonneg : forall d beta mu W, 0 <= mu_norm2 d beta mu W.
Proof. intros. apply dot_self_nonneg. Qed.

(* The Gram matrix of L and W L is is_positive semidefinite: for all x, y,
   ||x L + y W L||^2 = x^2 tr B + 2 x y tr(BW) + y^2 tr(BW^T W) >= 0. *)
Lemma gram_form : forall d L W x y,
  frob d (fun i j => x * L i j + y * WL d W L i j) (fun i j => x * L i j + y * WL d W L i j) =
  x * x * trB d L + 2 * x * y * trBW d L W + y * y * trBWtW d L W.
Proof.
  intros. rewrite frob_lin_l, !frob_lin_r, trB_frob, trBW_frob, trBWtW_frob,
    (frob_sym d (WL d W L) L). ring.
Qed.

Lemma gram_nonneg : forall d L W x y,
  0 <= x * x * trB d L + 2 * x * y * trBW d L W + y * y * trBWtW d L W.
Proof. intros. rewrite <- gram_form. apply frob_self_nonneg. Qed.

(* Cauchy-Schwarz: tr(BW)^2 <= tr B tr(BW^T W). *)
Lemma trBW_cauchy_schwarz : forall d L W, trBW d L W * trBW d L W <= trB d L * trBWtW d L W.
Proof.
  intros. set (b := trB d L). set (c := trBW d L W). set (t := trBWtW d L W).
  assert (Hb : 0 <= b) by apply trB_nonneg. assert (Ht : 0 <= t) by apply trBWtW_nonneg.
  destruct (Req_EM_T t 0) as [Ht0 | Ht0].
  - destruct (Req_EM_T c 0) as [Hc0 | Hc0]; [rewrite Hc0; nra |].
    pose proof (gram_nonneg d L W 1 (- (b + 1) / (2 * c))) as G. fold b c t in G.
    replace (2 * 1 * (- (b + 1) / (2 * c)) * c) with (- (b + 1)) in G by (field; exact Hc0).
    rewrite Ht0 in G. nra.
  - pose proof (gram_nonneg d L W t (- c)) as G. fold b c t in G. nra.
Qed.

(* ---- the exact moments (propositions/smoothing.cpp, moments_at) -------------- *)

Definition a_coef (k lam : R) : R := 1 - lam + lam / k.
Definition b_coef (k lam : R) : R := lam / k.
Definition s_coef (k lam : R) : R := a_coef k lam + (k - 1) * b_coef k lam.

(* (beta I + a W) L, (beta I + s W) L, and the mean E Y_i = (beta I + s W) mu *)
Definition self_L d k beta (L W : mat) lam : mat :=
  fun i j => beta * L i j + a_coef k lam * WL d W L i j.
Definition bar_L d k beta (L W : mat) lam : mat :=
  fun i j => beta * L i j + s_coef k lam * WL d W L i j.
Definition mean d k beta (mu : vec) (W : mat) lam : vec :=
  fun i => beta * mu i + s_coef k lam * mat_vec d W mu i.

(* E||Y_i||^2 = sum_j tr(M_ij^T M_ij B) + ||E Y_i||^2 *)
Definition Y2_at d k beta mu L W lam : R :=
  frob d (self_L d k beta L W lam) (self_L d k beta L W lam)
  + (k - 1) * b_coef k lam * b_coef k lam * frob d (WL d W L) (WL d W L)
  + dot d (mean d k beta mu W lam) (mean d k beta mu W lam).
(* E[Y_i^T Y_l], i <> l *)
Definition N_at d k beta mu L W lam : R :=
  2 * b_coef k lam * frob d (self_L d k beta L W lam) (WL d W L)
  + (k - 2) * b_coef k lam * b_coef k lam * frob d (WL d W L) (WL d W L)
  + dot d (mean d k beta mu W lam) (mean d k beta mu W lam).
(* E||Ybar||^2: Ybar = (beta I + s W) zbar, zbar with mean mu and covariance B/k *)
Definition Ebar_at d k beta mu L W lam : R :=
  dot d (mean d k beta mu W lam) (mean d k beta mu W lam)
  + frob d (bar_L d k beta L W lam) (bar_L d k beta L W lam) / k.
(* D_k = E[(1/k) sum_i ||Y_i - Ybar||^2] = (1 - 1/k)(E||Y_i||^2 - N) *)
Definition D_at d k beta mu L W lam : R :=
  (1 - 1 / k) * (Y2_at d k beta mu L W lam - N_at d k beta mu L W lam).

(* ---- the closed forms against the moments (P3.model) ------------------------- *)

Lemma s_coef_one : forall k lam, k <> 0 -> s_coef k lam = 1.
Proof. intros. unfold s_coef, a_coef, b_coef. field. auto. Qed.

Lemma mean2_closed : forall d k beta mu W lam, k <> 0 ->
  dot d (mean d k beta mu W lam) (mean d k beta mu W lam) = mu_norm2 d beta mu W.
Proof.
  intros. unfold mu_norm2, mean. rewrite s_coef_one by auto.
  apply sum_ext; intro i. ring.
Qed.

Lemma self_L_frob : forall d k beta L W lam,
  frob d (self_L d k beta L W lam) (self_L d k beta L W lam) =
  beta * beta * trB d L + 2 * beta * a_coef k lam * trBW d L W
  + a_coef k lam * a_coef k lam * trBWtW d L W.
Proof. intros. unfold self_L. rewrite gram_form. ring. Qed.

Lemma self_L_cross : forall d k beta L W lam,
  frob d (self_L d k beta L W lam) (WL d W L) =
  beta * trBW d L W + a_coef k lam * trBWtW d L W.
Proof. intros. unfold self_L. rewrite frob_lin_l, trBW_frob, trBWtW_frob. ring. Qed.

(* The quadratic form of the spread: tr((beta I + y W) B (beta I + y W)^T). *)
Definition spread_form d beta L W y : R :=
  beta * beta * trB d L + 2 * beta * y * trBW d L W + y * y * trBWtW d L W.

Lemma spread_form_nonneg : forall d beta L W y, 0 <= spread_form d beta L W y.
Proof. intros. unfold spread_form. apply gram_nonneg. Qed.

Lemma D_closed : forall d k beta mu L W lam, k <> 0 ->
  D_at d k beta mu L W lam = (1 - 1 / k) * spread_form d beta L W (1 - lam).
Proof.
  intros. unfold D_at, Y2_at, N_at, spread_form.
  rewrite self_L_frob, self_L_cross, <- trBWtW_frob. unfold a_coef, b_coef. field. auto.
Qed.

Lemma N_closed : forall d k beta mu L W lam, k <> 0 ->
  N_at d k beta mu L W lam =
  mu_norm2 d beta mu W + (2 * lam * beta / k) * trBW d L W + ((2 * lam - lam ^ 2) / k) * trBWtW d L W.
Proof.
  intros. unfold N_at. rewrite self_L_cross, <- trBWtW_frob, mean2_closed by auto.
  unfold a_coef, b_coef. field. auto.
Qed.

Lemma Y2_closed : forall d k beta mu L W lam, k <> 0 ->
  Y2_at d k beta mu L W lam =
  mu_norm2 d beta mu W + (2 * lam * beta / k) * trBW d L W + ((2 * lam - lam ^ 2) / k) * trBWtW d L W
  + spread_form d beta L W (1 - lam).
Proof.
  intros. unfold Y2_at, spread_form. rewrite self_L_frob, <- trBWtW_frob, mean2_closed by auto.
  unfold a_coef, b_coef. field. auto.
Qed.

Lemma Ebar_closed : forall d k beta mu L W lam, k <> 0 ->
  Ebar_at d k beta mu L W lam = mu_norm2 d beta mu W + spread_form d beta L W 1 / k.
Proof.
  intros. unfold Ebar_at, bar_L, spread_form. rewrite mean2_closed, s_coef_one, gram_form by auto.
  field. auto.
Qed.

Lemma Y2_D_Ebar : forall d k beta mu L W lam, k <> 0 ->
  Y2_at d k beta mu L W lam = Ebar_at d k beta mu L W lam + D_at d k beta mu L W lam.
Proof.
  intros. rewrite Y2_closed, Ebar_closed, D_closed by auto. unfold spread_form. field. auto.
Qed.

Lemma Ebar_nonneg : forall d k beta mu L W lam, 0 < k -> 0 <= Ebar_at d k beta mu L W lam.
Proof.
  intros. rewrite Ebar_closed by lra. pose proof (mu_norm2_nonneg d beta mu W).
  pose proof (spread_form_nonneg d beta L W 1). pose proof (Rinv_0_lt_compat k H).
  unfold Rdiv. nra.
Qed.

(* ---- quadratics in lam (propositions/smoothing.cpp, Quadratic) --------------- *)

Record quad := Quad { q0 : R; q1 : R; q2 : R }.

(* the quadratic through the values at lam = 0, 1/2, 1 *)
Definition through (p0 p_half p1 : R) : quad :=
  let c2 := 2 * (p0 - 2 * p_half + p1) in Quad p0 (p1 - p0 - c2) c2.
Definition qat (p : quad) (l : R) : R := q0 p + (q1 p + q2 p * l) * l.
Definition qderiv (p : quad) : quad := Quad (q1 p) (2 * q2 p) 0.
Definition qneg (p : quad) : quad := Quad (- q0 p) (- q1 p) (- q2 p).

(* What a certified comparison says, as the concrete model's `positive`,
   `nonnegative`, `is_zero` (decided on the real numbers). *)
Definition is_positive (x : R) : bool := if Rlt_dec 0 x then true else false.
Definition is_nonnegative (x : R) : bool := if Rle_dec 0 x then true else false.
Definition is_zero (x : R) : bool := if Req_EM_T x 0 then true else false.
Definition flag (t : bool) : R := if t then 1 else 0.

Definition vertex_inside (p : quad) : bool :=
  is_positive (q2 p) && (is_positive (- q1 p) && is_positive (q1 p + 2 * q2 p)).
(* min over [0,1]: at an end, or at the vertex -c1/(2 c2) when c2 > 0 and it lies inside *)
Definition qmin (p : quad) : R :=
  let ends := Rmin (q0 p) (q0 p + q1 p + q2 p) in
  if vertex_inside p then Rmin ends (q0 p - q1 p * q1 p / (4 * q2 p)) else ends.
Definition qmax (p : quad) : R := - qmin (qneg p).
Definition identically_zero (p : quad) : bool := is_zero (q0 p) && (is_zero (q1 p) && is_zero (q2 p)).
(* f strictly increases on [0,1] iff f' >= 0 there and f' is not the zero polynomial *)
Definition strictly_increasing (derivative : quad) : bool :=
  is_nonnegative (qmin derivative) && negb (identically_zero derivative).
Definition strictly_decreasing (derivative : quad) : bool := strictly_increasing (qneg derivative).
Definition weakly_monotone (derivative : quad) : bool :=
  is_nonnegative (qmin derivative) || is_nonnegative (qmin (qneg derivative)).
(* n'e - n e' for quadratics n, e (the cubic terms cancel) *)
Definition quotient_numerator (n e : quad) : quad :=
  Quad (q1 n * q0 e - q0 n * q1 e) (2 * (q2 n * q0 e - q0 n * q2 e)) (q2 n * q1 e - q1 n * q2 e).

Lemma qmin_le : forall p l, 0 <= l <= 1 -> qmin p <= qat p l.
Proof.
  intros [c0 c1 c2] l Hl. unfold qmin, qat, vertex_inside, is_positive; simpl.
  assert (E0 : Rmin c0 (c0 + c1 + c2) <= c0) by apply Rmin_l.
  assert (E1 : Rmin c0 (c0 + c1 + c2) <= c0 + c1 + c2) by apply Rmin_r.
  destruct (Rlt_dec 0 c2) as [P2 | P2]; simpl.
  - destruct (Rlt_dec 0 (- c1)) as [P1 | P1]; destruct (Rlt_dec 0 (c1 + 2 * c2)) as [P3 | P3]; simpl.
    + (* the vertex is inside: p(l) - (c0 - c1^2/(4 c2)) = (2 c2 l + c1)^2 / (4 c2) *)
      apply Rle_trans with (c0 - c1 * c1 / (4 * c2)); [apply Rmin_r |].
      assert (c0 + (c1 + c2 * l) * l - (c0 - c1 * c1 / (4 * c2)) = (2 * c2 * l + c1) ^ 2 / (4 * c2))
        by (field; lra).
      assert (0 <= (2 * c2 * l + c1) ^ 2 / (4 * c2)) by (apply Rmult_le_pos; [apply pow2_ge_0 | left; apply Rinv_0_lt_compat; lra]).
      lra.
    + (* p(l) - p(1) = (1 - l)(-(c1 + c2 (l + 1))) >= 0 *)
      apply Rle_trans with (c0 + c1 + c2); [exact E1 |].
      assert (0 <= (1 - l) * (- (c1 + c2 * (l + 1)))) by (apply Rmult_le_pos; nra). nra.
    + (* c1 >= 0: p(l) - p(0) = c1 l + c2 l^2 >= 0 *)
      apply Rle_trans with c0; [exact E0 |].
      assert (0 <= c1 * l) by (apply Rmult_le_pos; lra). assert (0 <= c2 * (l * l)) by (apply Rmult_le_pos; nra). nra.
    + apply Rle_trans with c0; [exact E0 |].
      assert (0 <= c1 * l) by (apply Rmult_le_pos; lra). assert (0 <= c2 * (l * l)) by (apply Rmult_le_pos; nra). nra.
  - (* c2 <= 0: p lies above its chord *)
    (* p(l) - chord(l) = c2 l (l - 1) >= 0 *)
    assert (0 <= - c2 * (l * (1 - l))) by (apply Rmult_le_pos; nra).
    destruct (Rle_dec c0 (c0 + c1 + c2)); nra.
Qed.

Lemma qmin_attained : forall p, exists l, 0 <= l <= 1 /\ qmin p = qat p l.
Proof.
  intros [c0 c1 c2]. unfold qmin, qat, vertex_inside, is_positive; simpl.
  assert (Ends : exists l, 0 <= l <= 1 /\ Rmin c0 (c0 + c1 + c2) = c0 + (c1 + c2 * l) * l).
  { unfold Rmin. destruct (Rle_dec c0 (c0 + c1 + c2)).
    - exists 0. split; [lra | ring].
    - exists 1. split; [lra | ring]. }
  destruct (Rlt_dec 0 c2) as [P2 | P2]; destruct (Rlt_dec 0 (- c1)) as [P1 | P1];
    destruct (Rlt_dec 0 (c1 + 2 * c2)) as [P3 | P3]; simpl; try exact Ends.
  unfold Rmin at 1. destruct (Rle_dec (Rmin c0 (c0 + c1 + c2)) (c0 - c1 * c1 / (4 * c2))).
  - exact Ends.
  - exists (- c1 / (2 * c2)). split.
    + split; [apply Rmult_le_pos; [lra | left; apply Rinv_0_lt_compat; lra] |].
      apply Rmult_le_reg_r with (2 * c2); [lra |]. unfold Rdiv. rewrite Rmult_assoc, Rinv_l; lra.
    + field. lra.
Qed.

(* ---- P3's quantities (propositions/smoothing.cpp, smoothing_quantities) ------ *)

Definition qD d k beta mu L W : quad :=
  through (D_at d k beta mu L W 0) (D_at d k beta mu L W (1/2)) (D_at d k beta mu L W 1).
Definition qN d k beta mu L W : quad :=
  through (N_at d k beta mu L W 0) (N_at d k beta mu L W (1/2)) (N_at d k beta mu L W 1).
Definition qY2 d k beta mu L W : quad :=
  through (Y2_at d k beta mu L W 0) (Y2_at d k beta mu L W (1/2)) (Y2_at d k beta mu L W 1).
Definition dDq d k beta mu L W : quad := qderiv (qD d k beta mu L W).
Definition dNq d k beta mu L W : quad := qderiv (qN d k beta mu L W).
Definition rho_numerator d k beta mu L W : quad := quotient_numerator (qN d k beta mu L W) (qY2 d k beta mu L W).

(* scalars *)
Definition dD0 d k beta mu L W : R := qat (dDq d k beta mu L W) 0.
Definition dD1 d k beta mu L W : R := qat (dDq d k beta mu L W) 1.
Definition dD_max d k beta mu L W : R := qmax (dDq d k beta mu L W).
Definition dD_min d k beta mu L W : R := qmin (dDq d k beta mu L W).
Definition dN_max d k beta mu L W : R := qmax (dNq d k beta mu L W).
Definition dN_min d k beta mu L W : R := qmin (dNq d k beta mu L W).
Definition Y2_min d k beta mu L W : R := qmin (qY2 d k beta mu L W).
Definition D_dec d k beta mu L W : R := flag (strictly_decreasing (dDq d k beta mu L W)).
Definition D_inc d k beta mu L W : R := flag (strictly_increasing (dDq d k beta mu L W)).
Definition D_monotone d k beta mu L W : R := flag (weakly_monotone (dDq d k beta mu L W)).
(* a strict interior minimum: D_k convex with its vertex in (0,1) *)
Definition D_interior_min d k beta mu L W : R := flag (vertex_inside (qD d k beta mu L W)).
Definition N_inc d k beta mu L W : R := flag (strictly_increasing (dNq d k beta mu L W)).
Definition N_dec d k beta mu L W : R := flag (strictly_decreasing (dNq d k beta mu L W)).
Definition rho_inc d k beta mu L W : R :=
  flag (is_positive (Y2_min d k beta mu L W) && strictly_increasing (rho_numerator d k beta mu L W)).
Definition rho_dec d k beta mu L W : R :=
  flag (is_positive (Y2_min d k beta mu L W) && strictly_decreasing (rho_numerator d k beta mu L W)).

(* vectors, at every lam (D_at, N_at, Y2_at, Ebar_at above) *)
Definition rho_at d k beta mu L W lam : R :=
  if Req_EM_T (Y2_at d k beta mu L W lam) 0 then 0
  else N_at d k beta mu L W lam / Y2_at d k beta mu L W lam.
Definition dD_at d k beta mu L W lam : R := qat (dDq d k beta mu L W) lam.
Definition dN_at d k beta mu L W lam : R := qat (dNq d k beta mu L W) lam.
Definition drho_at d k beta mu L W lam : R :=
  if Req_EM_T (Y2_at d k beta mu L W lam) 0 then 0
  else qat (rho_numerator d k beta mu L W) lam / (Y2_at d k beta mu L W lam * Y2_at d k beta mu L W lam).

(* ---- their closed forms ------------------------------------------------------- *)

Lemma qD_closed : forall d k beta mu L W, k <> 0 ->
  qD d k beta mu L W =
  Quad ((1 - 1 / k) * spread_form d beta L W 1)
       (- 2 * (1 - 1 / k) * (beta * trBW d L W + trBWtW d L W))
       ((1 - 1 / k) * trBWtW d L W).
Proof.
  intros. unfold qD, through. rewrite !D_closed by auto. unfold spread_form. f_equal; field; auto.
Qed.

Lemma qN_closed : forall d k beta mu L W, k <> 0 ->
  qN d k beta mu L W =
  Quad (mu_norm2 d beta mu W) (2 * (beta * trBW d L W + trBWtW d L W) / k) (- trBWtW d L W / k).
Proof. intros. unfold qN, through. rewrite !N_closed by auto. f_equal; field; auto. Qed.

Lemma qY2_closed : forall d k beta mu L W, k <> 0 ->
  qY2 d k beta mu L W =
  Quad (mu_norm2 d beta mu W + spread_form d beta L W 1)
       (2 * (beta * trBW d L W + trBWtW d L W) / k - 2 * (beta * trBW d L W + trBWtW d L W))
       (trBWtW d L W - trBWtW d L W / k).
Proof. intros. unfold qY2, through. rewrite !Y2_closed by auto. unfold spread_form. f_equal; field; auto. Qed.

Lemma qY2_at : forall d k beta mu L W lam, k <> 0 ->
  qat (qY2 d k beta mu L W) lam = Y2_at d k beta mu L W lam.
Proof. intros. rewrite qY2_closed, Y2_closed by auto. unfold qat, spread_form; simpl. field. auto. Qed.

Lemma dD_closed : forall d k beta mu L W lam, k <> 0 ->
  dD_at d k beta mu L W lam = - 2 * (1 - 1 / k) * (beta * trBW d L W + (1 - lam) * trBWtW d L W).
Proof. intros. unfold dD_at, dDq. rewrite qD_closed by auto. unfold qat, qderiv; simpl. field. auto. Qed.

Lemma dN_closed : forall d k beta mu L W lam, k <> 0 ->
  dN_at d k beta mu L W lam = 2 * (beta * trBW d L W + (1 - lam) * trBWtW d L W) / k.
Proof. intros. unfold dN_at, dNq. rewrite qN_closed by auto. unfold qat, qderiv; simpl. field. auto. Qed.

Lemma dD0_closed : forall d k beta mu L W, k <> 0 ->
  dD0 d k beta mu L W = - 2 * (1 - 1 / k) * (beta * trBW d L W + trBWtW d L W).
Proof. intros. unfold dD0. fold (dD_at d k beta mu L W 0). rewrite dD_closed by auto. ring. Qed.

Lemma dD1_closed : forall d k beta mu L W, k <> 0 ->
  dD1 d k beta mu L W = - 2 * (1 - 1 / k) * (beta * trBW d L W).
Proof. intros. unfold dD1. fold (dD_at d k beta mu L W 1). rewrite dD_closed by auto. ring. Qed.

(* ρ' has the numerator k N' E||Ybar||^2 (P3.e) *)
Lemma rho_numerator_closed : forall d k beta mu L W lam, k <> 0 ->
  qat (rho_numerator d k beta mu L W) lam =
  k * dN_at d k beta mu L W lam * Ebar_at d k beta mu L W lam.
Proof.
  intros. unfold rho_numerator. rewrite qN_closed, qY2_closed, dN_closed, Ebar_closed by auto.
  unfold qat, quotient_numerator, spread_form; simpl. field. auto.
Qed.

Lemma dDq_closed : forall d k beta mu L W, k <> 0 ->
  dDq d k beta mu L W =
  Quad (- 2 * (1 - 1 / k) * (beta * trBW d L W + trBWtW d L W)) (2 * (1 - 1 / k) * trBWtW d L W) 0.
Proof. intros. unfold dDq, qderiv. rewrite qD_closed by auto. simpl. f_equal. ring. Qed.

Lemma dNq_closed : forall d k beta mu L W, k <> 0 ->
  dNq d k beta mu L W =
  Quad (2 * (beta * trBW d L W + trBWtW d L W) / k) (- 2 * trBWtW d L W / k) 0.
Proof. intros. unfold dNq, qderiv. rewrite qN_closed by auto. simpl. f_equal. field. auto. Qed.

(* ---- linear derivatives: extrema at the ends, strictness ---------------------- *)

Lemma positive_true : forall x, is_positive x = true <-> 0 < x.
Proof. intros. unfold is_positive. destruct (Rlt_dec 0 x); split; intro; auto; discriminate || contradiction. Qed.
Lemma nonnegative_true : forall x, is_nonnegative x = true <-> 0 <= x.
Proof. intros. unfold is_nonnegative. destruct (Rle_dec 0 x); split; intro; auto; discriminate || contradiction. Qed.
Lemma is_zero_true : forall x, is_zero x = true <-> x = 0.
Proof. intros. unfold is_zero. destruct (Req_EM_T x 0); split; intro; auto; discriminate || contradiction. Qed.

Lemma flag_eq : forall b1 b2, (b1 = true <-> b2 = true) -> flag b1 = flag b2.
Proof. intros [] [] E; simpl; try reflexivity; exfalso; intuition discriminate. Qed.

Lemma flag_cases : forall b, flag b = 0 \/ flag b = 1.
Proof. intros []; simpl; auto. Qed.

Lemma qmin_linear : forall a b z, z = 0 -> qmin (Quad a b z) = Rmin a (a + b).
Proof.
  intros a b z Z. subst z. unfold qmin, vertex_inside, is_positive; simpl.
  destruct (Rlt_dec 0 0); [lra | simpl]. f_equal. ring.
Qed.

Lemma qmax_linear : forall a b z, z = 0 -> qmax (Quad a b z) = Rmax a (a + b).
Proof.
  intros a b z Z. unfold qmax, qneg; simpl. rewrite qmin_linear by lra.
  unfold Rmin, Rmax. destruct (Rle_dec (- a) (- a + - b)), (Rle_dec a (a + b)); lra.
Qed.

Lemma strictly_increasing_linear : forall a b z, z = 0 ->
  (strictly_increasing (Quad a b z) = true <-> 0 <= a /\ 0 <= a + b /\ ~ (a = 0 /\ b = 0)).
Proof.
  intros a b z Z. unfold strictly_increasing, identically_zero. rewrite qmin_linear by auto. simpl.
  rewrite andb_true_iff, nonnegative_true, negb_true_iff.
  unfold is_zero at 1 2 3. destruct (Req_EM_T a 0), (Req_EM_T b 0), (Req_EM_T z 0); simpl;
    unfold Rmin; destruct (Rle_dec a (a + b)); intuition (try discriminate; lra).
Qed.

Lemma strictly_decreasing_linear : forall a b z, z = 0 ->
  (strictly_decreasing (Quad a b z) = true <-> a <= 0 /\ a + b <= 0 /\ ~ (a = 0 /\ b = 0)).
Proof.
  intros a b z Z. unfold strictly_decreasing, qneg; simpl. rewrite strictly_increasing_linear by lra.
  intuition lra.
Qed.

Lemma weakly_monotone_linear : forall a b z, z = 0 ->
  (weakly_monotone (Quad a b z) = true <-> (0 <= a /\ 0 <= a + b) \/ (a <= 0 /\ a + b <= 0)).
Proof.
  intros a b z Z. unfold weakly_monotone, qneg. rewrite orb_true_iff, !nonnegative_true. simpl.
  rewrite !qmin_linear by lra. unfold Rmin.
  destruct (Rle_dec a (a + b)), (Rle_dec (- a) (- a + - b)); intuition lra.
Qed.

(* ---- E||Y_i||^2 and its minimum ------------------------------------------------ *)

Lemma Y2_min_le : forall d k beta mu L W lam, k <> 0 -> 0 <= lam <= 1 ->
  Y2_min d k beta mu L W <= Y2_at d k beta mu L W lam.
Proof. intros. unfold Y2_min. rewrite <- qY2_at by auto. apply qmin_le. auto. Qed.

Lemma Y2_min_attained : forall d k beta mu L W, k <> 0 ->
  exists lam, 0 <= lam <= 1 /\ Y2_min d k beta mu L W = Y2_at d k beta mu L W lam.
Proof.
  intros. unfold Y2_min. destruct (qmin_attained (qY2 d k beta mu L W)) as [l [Hl E]].
  exists l. split; [exact Hl |]. rewrite E. apply qY2_at. auto.
Qed.

(* beta tr(BW) > 0: tr((beta I + y W) B (beta I + y W)^T) >= beta^2 tr B > 0 for y >= 0 *)
Lemma spread_pos_red : forall d beta L W y, 0 < beta * trBW d L W -> 0 <= y ->
  0 < spread_form d beta L W y.
Proof.
  intros d beta L W y P Y. unfold spread_form.
  pose proof (trBW_cauchy_schwarz d L W) as CS. pose proof (trB_nonneg d L). pose proof (trBWtW_nonneg d L W).
  set (b := trB d L) in *. set (c := trBW d L W) in *. set (t := trBWtW d L W) in *.
  assert (S : (beta * c) * (beta * c) <= (beta * beta * b) * t)
    by (replace ((beta * beta * b) * t) with ((beta * beta) * (b * t)) by ring;
        replace ((beta * c) * (beta * c)) with ((beta * beta) * (c * c)) by ring;
        apply Rmult_le_compat_l; nra).
  assert (0 < beta * beta * b) by nra.
  assert (0 <= y * (beta * c)) by (apply Rmult_le_pos; lra).
  assert (0 <= y * y * t) by (apply Rmult_le_pos; nra). nra.
Qed.

(* beta tr(BW) + tr(BW^T W) < 0: t * spread(y) >= (beta tr(BW) + y t)^2 > 0 for y <= 1 *)
Lemma spread_pos_blue : forall d beta L W y, beta * trBW d L W + trBWtW d L W < 0 -> 0 <= y <= 1 ->
  0 < spread_form d beta L W y.
Proof.
  intros d beta L W y P Y. unfold spread_form.
  pose proof (trBW_cauchy_schwarz d L W) as CS. pose proof (trB_nonneg d L). pose proof (trBWtW_nonneg d L W).
  set (b := trB d L) in *. set (c := trBW d L W) in *. set (t := trBWtW d L W) in *.
  set (u := beta * c) in *.
  assert (S : u * u <= (beta * beta * b) * t)
    by (unfold u; replace ((beta * beta * b) * t) with ((beta * beta) * (b * t)) by ring;
        replace ((beta * c) * (beta * c)) with ((beta * beta) * (c * c)) by ring;
        apply Rmult_le_compat_l; nra).
  assert (Ht : 0 < t).
  { destruct (Req_EM_T t 0) as [T0 | T0]; [| lra].
    rewrite T0, Rmult_0_r in S. assert (u < 0) by lra. nra. }
  assert (0 < (u + y * t) * (u + y * t)) by (assert (u + y * t < 0) by nra; nra).
  assert (t * (beta * beta * b + 2 * beta * y * c + y * y * t) >= (u + y * t) * (u + y * t))
    by (unfold u in *; nra).
  nra.
Qed.

Lemma inv_lt_1 : forall k, 1 < k -> / k < 1.
Proof.
  intros k K. apply Rmult_lt_reg_r with k; [lra |]. rewrite Rinv_l by lra. lra.
Qed.

Lemma inv_pos : forall k, 1 < k -> 0 < / k.
Proof. intros. apply Rinv_0_lt_compat. lra. Qed.

Lemma spread_factor_pos : forall k, 1 < k -> 0 < 1 - 1 / k.
Proof. intros. unfold Rdiv. rewrite Rmult_1_l. pose proof (inv_lt_1 k H). lra. Qed.

Lemma Y2_min_pos_of : forall d k beta mu L W, 1 < k ->
  (forall y, 0 <= y <= 1 -> 0 < spread_form d beta L W y) -> 0 < Y2_min d k beta mu L W.
Proof.
  intros d k beta mu L W K S. destruct (Y2_min_attained d k beta mu L W) as [l [Hl E]]; [lra |].
  rewrite E, Y2_D_Ebar, D_closed by lra.
  pose proof (Ebar_nonneg d k beta mu L W l). specialize (S (1 - l)).
  pose proof (spread_factor_pos k K).
  assert (0 < spread_form d beta L W (1 - l)) by (apply S; lra). nra.
Qed.

Lemma Y2_min_pos_red : forall d k beta mu L W, 1 < k -> 0 < beta * trBW d L W -> 0 < Y2_min d k beta mu L W.
Proof. intros. apply Y2_min_pos_of; auto. intros. apply spread_pos_red; lra. Qed.

Lemma Y2_min_pos_blue : forall d k beta mu L W, 1 < k -> beta * trBW d L W + trBWtW d L W < 0 ->
  0 < Y2_min d k beta mu L W.
Proof. intros. apply Y2_min_pos_of; auto. intros. apply spread_pos_blue; lra. Qed.

(* rho defined on [0,1] gives E||Ybar||^2 > 0: k E||Ybar||^2 >= E||Y_i(0)||^2 *)
Lemma Ebar_pos : forall d k beta mu L W lam, 1 < k -> 0 < Y2_min d k beta mu L W ->
  0 < Ebar_at d k beta mu L W lam.
Proof.
  intros d k beta mu L W lam K M. pose proof (Y2_min_le d k beta mu L W 0) as Y0.
  rewrite Y2_closed in Y0 by lra. rewrite Ebar_closed by lra.
  pose proof (mu_norm2_nonneg d beta mu W). pose proof (spread_form_nonneg d beta L W 1).
  assert (Y0' : 0 < mu_norm2 d beta mu W + spread_form d beta L W 1).
  { replace (1 - 0) with 1 in Y0 by ring. assert (Y2_min d k beta mu L W <= mu_norm2 d beta mu W + spread_form d beta L W 1).
    { eapply Rle_trans; [apply Y0; lra | right; field; lra]. } lra. }
  set (m := mu_norm2 d beta mu W) in *. set (s := spread_form d beta L W 1) in *.
  pose proof (inv_pos k K). pose proof (inv_lt_1 k K).
  unfold Rdiv. nra.
Qed.

(* ---- the flags, decided from the signs of beta tr(BW) and beta tr(BW) + tr(BW^T W) -- *)

Lemma scale_ge0 : forall c x, 0 < c -> (0 <= c * x <-> 0 <= x).
Proof. intros. split; intro; nra. Qed.
Lemma scale_gt0 : forall c x, 0 < c -> (0 < c * x <-> 0 < x).
Proof. intros. split; intro; nra. Qed.
Lemma scale_eq0 : forall c x, 0 < c -> (c * x = 0 <-> x = 0).
Proof. intros. split; intro E; [| rewrite E; ring]. destruct (Rmult_integral c x E); lra. Qed.

Lemma dDq_scaled : forall d k beta mu L W, k <> 0 ->
  dDq d k beta mu L W =
  Quad ((2 * (1 - 1 / k)) * (- (beta * trBW d L W + trBWtW d L W))) ((2 * (1 - 1 / k)) * trBWtW d L W) 0.
Proof. intros. rewrite dDq_closed by auto. f_equal. ring. Qed.

Lemma dNq_scaled : forall d k beta mu L W, k <> 0 ->
  dNq d k beta mu L W =
  Quad ((2 / k) * (beta * trBW d L W + trBWtW d L W)) ((2 / k) * (- trBWtW d L W)) 0.
Proof. intros. rewrite dNq_closed by auto. f_equal; field; auto. Qed.

Lemma rho_numerator_scaled : forall d k beta mu L W, k <> 0 ->
  rho_numerator d k beta mu L W =
  Quad ((2 * Ebar_at d k beta mu L W 0) * (beta * trBW d L W + trBWtW d L W))
       ((2 * Ebar_at d k beta mu L W 0) * (- trBWtW d L W)) 0.
Proof.
  intros. unfold rho_numerator. rewrite qN_closed, qY2_closed, Ebar_closed by auto.
  unfold quotient_numerator, spread_form; simpl. f_equal; field; auto.
Qed.

(* A linear derivative c x + c y lam with c > 0: the flags read the signs of x and x + y. *)
Lemma increasing_scaled : forall c x y, 0 < c ->
  (strictly_increasing (Quad (c * x) (c * y) 0) = true <-> 0 <= x /\ 0 <= x + y /\ ~ (x = 0 /\ y = 0)).
Proof.
  intros. rewrite strictly_increasing_linear by reflexivity.
  replace (c * x + c * y) with (c * (x + y)) by ring. rewrite !scale_ge0, !scale_eq0 by auto. tauto.
Qed.

Lemma decreasing_scaled : forall c x y, 0 < c ->
  (strictly_decreasing (Quad (c * x) (c * y) 0) = true <-> x <= 0 /\ x + y <= 0 /\ ~ (x = 0 /\ y = 0)).
Proof.
  intros. rewrite strictly_decreasing_linear by reflexivity.
  replace (c * x + c * y) with (c * (x + y)) by ring.
  assert (forall z, c * z <= 0 <-> z <= 0) by (intro z; split; intro; nra).
  rewrite !H0, !scale_eq0 by auto. tauto.
Qed.

Lemma monotone_scaled : forall c x y, 0 < c ->
  (weakly_monotone (Quad (c * x) (c * y) 0) = true <-> (0 <= x /\ 0 <= x + y) \/ (x <= 0 /\ x + y <= 0)).
Proof.
  intros. rewrite weakly_monotone_linear by reflexivity.
  replace (c * x + c * y) with (c * (x + y)) by ring.
  assert (forall z, c * z <= 0 <-> z <= 0) by (intro z; split; intro; nra).
  rewrite !H0, !scale_ge0 by auto. tauto.
Qed.

(* Each flag as a test of P = beta tr(BW) and P + T = beta tr(BW) + tr(BW^T W):
   what the tactic rewrites a flag to. *)
Lemma D_dec_nf : forall d k beta mu L W, 1 < k ->
  D_dec d k beta mu L W = flag (is_nonnegative (beta * trBW d L W) && is_positive ((beta * trBW d L W) + (trBWtW d L W))).
Proof.
  intros d k beta mu L W K.
  set (P := beta * trBW d L W). set (T := trBWtW d L W).
  pose proof (trBWtW_nonneg d L W) as T_nonneg. fold T in T_nonneg.
  unfold D_dec. apply flag_eq. rewrite dDq_scaled by lra. fold P T.
  rewrite decreasing_scaled by (pose proof (spread_factor_pos k K); lra).
  rewrite andb_true_iff, nonnegative_true, positive_true.
  destruct (Req_EM_T (P + T) 0), (Req_EM_T T 0); intuition lra.
Qed.

Lemma D_inc_nf : forall d k beta mu L W, 1 < k ->
  D_inc d k beta mu L W = flag (is_positive (- (beta * trBW d L W)) && is_nonnegative (- ((beta * trBW d L W) + (trBWtW d L W)))).
Proof.
  intros d k beta mu L W K.
  set (P := beta * trBW d L W). set (T := trBWtW d L W).
  pose proof (trBWtW_nonneg d L W) as T_nonneg. fold T in T_nonneg.
  unfold D_inc. apply flag_eq. rewrite dDq_scaled by lra. fold P T.
  rewrite increasing_scaled by (pose proof (spread_factor_pos k K); lra).
  rewrite andb_true_iff, nonnegative_true, positive_true.
  destruct (Req_EM_T (P + T) 0), (Req_EM_T T 0); intuition lra.
Qed.

Lemma D_monotone_nf : forall d k beta mu L W, 1 < k ->
  D_monotone d k beta mu L W = flag (is_nonnegative (- ((beta * trBW d L W) + (trBWtW d L W))) || is_nonnegative (beta * trBW d L W)).
Proof.
  intros d k beta mu L W K.
  set (P := beta * trBW d L W). set (T := trBWtW d L W).
  pose proof (trBWtW_nonneg d L W) as T_nonneg. fold T in T_nonneg.
  unfold D_monotone. apply flag_eq. rewrite dDq_scaled by lra. fold P T.
  rewrite monotone_scaled by (pose proof (spread_factor_pos k K); lra).
  rewrite orb_true_iff, !nonnegative_true. intuition lra.
Qed.

Lemma D_interior_min_nf : forall d k beta mu L W, 1 < k ->
  D_interior_min d k beta mu L W = flag (is_positive (- (beta * trBW d L W)) && is_positive ((beta * trBW d L W) + (trBWtW d L W))).
Proof.
  intros d k beta mu L W K.
  set (P := beta * trBW d L W). set (T := trBWtW d L W).
  pose proof (trBWtW_nonneg d L W) as T_nonneg. fold T in T_nonneg.
  unfold D_interior_min, vertex_inside. apply flag_eq. rewrite qD_closed by lra. simpl. fold P T.
  pose proof (spread_factor_pos k K).
  rewrite !andb_true_iff, !positive_true. split.
  - intros [A [B C]]. split; nra.
  - intros [A B]. repeat split; nra.
Qed.

Lemma N_inc_nf : forall d k beta mu L W, 1 < k ->
  N_inc d k beta mu L W = flag (is_nonnegative (beta * trBW d L W) && is_positive ((beta * trBW d L W) + (trBWtW d L W))).
Proof.
  intros d k beta mu L W K.
  set (P := beta * trBW d L W). set (T := trBWtW d L W).
  pose proof (trBWtW_nonneg d L W) as T_nonneg. fold T in T_nonneg.
  unfold N_inc. apply flag_eq. rewrite dNq_scaled by lra. fold P T.
  rewrite increasing_scaled by (unfold Rdiv; pose proof (inv_pos k K); lra).
  rewrite andb_true_iff, nonnegative_true, positive_true.
  destruct (Req_EM_T (P + T) 0), (Req_EM_T T 0); intuition lra.
Qed.

Lemma N_dec_nf : forall d k beta mu L W, 1 < k ->
  N_dec d k beta mu L W = flag (is_positive (- (beta * trBW d L W)) && is_nonnegative (- ((beta * trBW d L W) + (trBWtW d L W)))).
Proof.
  intros d k beta mu L W K.
  set (P := beta * trBW d L W). set (T := trBWtW d L W).
  pose proof (trBWtW_nonneg d L W) as T_nonneg. fold T in T_nonneg.
  unfold N_dec. apply flag_eq. rewrite dNq_scaled by lra. fold P T.
  rewrite decreasing_scaled by (unfold Rdiv; pose proof (inv_pos k K); lra).
  rewrite andb_true_iff, nonnegative_true, positive_true.
  destruct (Req_EM_T (P + T) 0), (Req_EM_T T 0); intuition lra.
Qed.

Lemma rho_inc_nf : forall d k beta mu L W, 1 < k ->
  rho_inc d k beta mu L W =
  flag (is_positive (Y2_min d k beta mu L W) && (is_nonnegative (beta * trBW d L W) && is_positive ((beta * trBW d L W) + (trBWtW d L W)))).
Proof.
  intros d k beta mu L W K.
  set (P := beta * trBW d L W). set (T := trBWtW d L W).
  pose proof (trBWtW_nonneg d L W) as T_nonneg. fold T in T_nonneg.
  unfold rho_inc. apply flag_eq. rewrite !andb_true_iff, positive_true.
  split; intros [Y S]; split; auto; pose proof (Ebar_pos d k beta mu L W 0 K Y).
  - rewrite rho_numerator_scaled in S by lra. fold P T in S.
    rewrite increasing_scaled in S by lra. rewrite nonnegative_true, positive_true.
    destruct (Req_EM_T (P + T) 0), (Req_EM_T T 0); intuition lra.
  - rewrite rho_numerator_scaled by lra. fold P T.
    rewrite increasing_scaled by lra. rewrite nonnegative_true, positive_true in S.
    destruct (Req_EM_T (P + T) 0), (Req_EM_T T 0); intuition lra.
Qed.

Lemma rho_dec_nf : forall d k beta mu L W, 1 < k ->
  rho_dec d k beta mu L W =
  flag (is_positive (Y2_min d k beta mu L W) && (is_positive (- (beta * trBW d L W)) && is_nonnegative (- ((beta * trBW d L W) + (trBWtW d L W))))).
Proof.
  intros d k beta mu L W K.
  set (P := beta * trBW d L W). set (T := trBWtW d L W).
  pose proof (trBWtW_nonneg d L W) as T_nonneg. fold T in T_nonneg.
  unfold rho_dec. apply flag_eq. rewrite !andb_true_iff, positive_true.
  split; intros [Y S]; split; auto; pose proof (Ebar_pos d k beta mu L W 0 K Y).
  - rewrite rho_numerator_scaled in S by lra. fold P T in S.
    rewrite decreasing_scaled in S by lra. rewrite nonnegative_true, positive_true.
    destruct (Req_EM_T (P + T) 0), (Req_EM_T T 0); intuition lra.
  - rewrite rho_numerator_scaled by lra. fold P T.
    rewrite decreasing_scaled by lra. rewrite nonnegative_true, positive_true in S.
    destruct (Req_EM_T (P + T) 0), (Req_EM_T T 0); intuition lra.
Qed.

(* The extrema of the derivatives over [0,1], at the ends. *)
Lemma dD_max_nf : forall d k beta mu L W, 1 < k ->
  dD_max d k beta mu L W = Rmax (dD0 d k beta mu L W) (dD1 d k beta mu L W).
Proof.
  intros d k beta mu L W K.
  set (P := beta * trBW d L W). set (T := trBWtW d L W).
  pose proof (trBWtW_nonneg d L W) as T_nonneg. fold T in T_nonneg.
  unfold dD_max, dD0, dD1. destruct (dDq d k beta mu L W) as [a b z] eqn:E.
  assert (z = 0) by (rewrite dDq_closed in E by lra; injection E; auto).
  rewrite qmax_linear by auto. unfold qat; simpl. subst z. f_equal; ring.
Qed.

Lemma dD_min_nf : forall d k beta mu L W, 1 < k ->
  dD_min d k beta mu L W = Rmin (dD0 d k beta mu L W) (dD1 d k beta mu L W).
Proof.
  intros d k beta mu L W K.
  set (P := beta * trBW d L W). set (T := trBWtW d L W).
  pose proof (trBWtW_nonneg d L W) as T_nonneg. fold T in T_nonneg.
  unfold dD_min, dD0, dD1. destruct (dDq d k beta mu L W) as [a b z] eqn:E.
  assert (z = 0) by (rewrite dDq_closed in E by lra; injection E; auto).
  rewrite qmin_linear by auto. unfold qat; simpl. subst z. f_equal; ring.
Qed.

Lemma dN_max_nf : forall d k beta mu L W, 1 < k ->
  dN_max d k beta mu L W = Rmax (dN_at d k beta mu L W 0) (dN_at d k beta mu L W 1).
Proof.
  intros d k beta mu L W K.
  set (P := beta * trBW d L W). set (T := trBWtW d L W).
  pose proof (trBWtW_nonneg d L W) as T_nonneg. fold T in T_nonneg.
  unfold dN_max, dN_at. destruct (dNq d k beta mu L W) as [a b z] eqn:E.
  assert (z = 0) by (rewrite dNq_closed in E by lra; injection E; auto).
  rewrite qmax_linear by auto. unfold qat; simpl. subst z. f_equal; ring.
Qed.

Lemma dN_min_nf : forall d k beta mu L W, 1 < k ->
  dN_min d k beta mu L W = Rmin (dN_at d k beta mu L W 0) (dN_at d k beta mu L W 1).
Proof.
  intros d k beta mu L W K.
  set (P := beta * trBW d L W). set (T := trBWtW d L W).
  pose proof (trBWtW_nonneg d L W) as T_nonneg. fold T in T_nonneg.
  unfold dN_min, dN_at. destruct (dNq d k beta mu L W) as [a b z] eqn:E.
  assert (z = 0) by (rewrite dNq_closed in E by lra; injection E; auto).
  rewrite qmin_linear by auto. unfold qat; simpl. subst z. f_equal; ring.
Qed.

(* ---- what the flags mean ------------------------------------------------------ *)

Lemma flag_one : forall b, flag b = 1 <-> b = true.
Proof. intros []; simpl; split; intro; auto; try discriminate; lra. Qed.

(* A quadratic's difference quotient is its derivative at the midpoint; so f strictly
   decreases on [0,1] iff f' < 0 on (0,1). *)
Lemma decreasing_by_midpoint : forall (f h : R -> R),
  (forall x y, f y - f x = (y - x) * h ((x + y) / 2)) ->
  ((forall x y, 0 <= x /\ x < y /\ y <= 1 -> f y < f x) <-> (forall m, 0 < m < 1 -> h m < 0)).
Proof.
  intros f h E. split.
  - intros Dec m Hm.
    destruct (Rle_dec m (1 / 2)).
    + specialize (Dec 0 (2 * m) ltac:(repeat split; lra)). specialize (E 0 (2 * m)).
      replace ((0 + 2 * m) / 2) with m in E by field. nra.
    + specialize (Dec (2 * m - 1) 1 ltac:(repeat split; lra)). specialize (E (2 * m - 1) 1).
      replace ((2 * m - 1 + 1) / 2) with m in E by field. nra.
  - intros Neg x y Hxy. specialize (E x y). specialize (Neg ((x + y) / 2) ltac:(lra)). nra.
Qed.

(* A linear function (1 - m) a + m b is positive on (0,1) iff a, b >= 0, not both 0. *)
Lemma linear_positive_inside : forall a b,
  (forall m, 0 < m < 1 -> 0 < (1 - m) * a + m * b) <-> (0 <= a /\ 0 <= b /\ ~ (a = 0 /\ b = 0)).
Proof.
  intros a b. split.
  - intros Pos. pose proof (Pos (1 / 2) ltac:(lra)) as Half.
    assert (0 <= a).
    { destruct (Rle_dec 0 a) as [| A]; [assumption | exfalso].
      pose proof (Pos (- a / (2 * (b - a)))) as M.
      assert (0 < b - a) by lra.
      assert (0 < - a / (2 * (b - a)) < 1 / 2).
      { split; [apply Rdiv_lt_0_compat; lra |].
        apply Rmult_lt_reg_r with (2 * (b - a)); [lra |]. field_simplify; lra. }
      specialize (M ltac:(lra)).
      replace ((1 - - a / (2 * (b - a))) * a + - a / (2 * (b - a)) * b) with (a / 2) in M by (field; lra). lra. }
    assert (0 <= b).
    { destruct (Rle_dec 0 b) as [| B]; [assumption | exfalso].
      pose proof (Pos (1 - - b / (2 * (a - b)))) as M.
      assert (0 < a - b) by lra.
      assert (0 < - b / (2 * (a - b)) < 1 / 2).
      { split; [apply Rdiv_lt_0_compat; lra |].
        apply Rmult_lt_reg_r with (2 * (a - b)); [lra |]. field_simplify; lra. }
      specialize (M ltac:(lra)).
      replace ((1 - (1 - - b / (2 * (a - b)))) * a + (1 - - b / (2 * (a - b))) * b) with (b / 2) in M
        by (field; lra). lra. }
    repeat split; auto. intros [A B]. subst. lra.
  - intros [A [B N]] m Hm. destruct (Req_EM_T a 0), (Req_EM_T b 0); [tauto | nra | nra | nra].
Qed.

Lemma D_midpoint : forall d k beta mu L W x y, k <> 0 ->
  D_at d k beta mu L W y - D_at d k beta mu L W x = (y - x) * dD_at d k beta mu L W ((x + y) / 2).
Proof. intros. rewrite !D_closed, dD_closed by auto. unfold spread_form. field. auto. Qed.

Lemma N_midpoint : forall d k beta mu L W x y, k <> 0 ->
  N_at d k beta mu L W y - N_at d k beta mu L W x = (y - x) * dN_at d k beta mu L W ((x + y) / 2).
Proof. intros. rewrite !N_closed, dN_closed by auto. field. auto. Qed.

(* dD_k(m) = -2 (1 - 1/k) ((1 - m)(P + T) + m P), P = beta tr(BW), T = tr(BW^T W) *)
Lemma dD_linear : forall d k beta mu L W m, k <> 0 ->
  dD_at d k beta mu L W m = - (2 * (1 - 1 / k)) *
    ((1 - m) * (beta * trBW d L W + trBWtW d L W) + m * (beta * trBW d L W)).
Proof. intros. rewrite dD_closed by auto. ring. Qed.

Lemma dN_linear : forall d k beta mu L W m, k <> 0 ->
  dN_at d k beta mu L W m = (2 / k) *
    ((1 - m) * (beta * trBW d L W + trBWtW d L W) + m * (beta * trBW d L W)).
Proof. intros. rewrite dN_closed by auto. field. auto. Qed.

Lemma sign_pattern_dec : forall P T, 0 <= T ->
  (0 <= P /\ 0 < P + T) <-> (0 <= P + T /\ 0 <= P /\ ~ (P + T = 0 /\ P = 0)).
Proof. intros. split; [intros [A B]; repeat split; try lra; intros [C D]; lra |].
  intros [A [B C]]. split; [lra |]. destruct (Req_EM_T (P + T) 0); [exfalso; apply C; split; lra | lra]. Qed.

Lemma sign_pattern_inc : forall P T, 0 <= T ->
  (0 < - P /\ 0 <= - (P + T)) <-> (0 <= - (P + T) /\ 0 <= - P /\ ~ (- (P + T) = 0 /\ - P = 0)).
Proof. intros. split; [intros [A B]; repeat split; try lra; intros [C D]; lra |].
  intros [A [B C]]. split; [| lra]. destruct (Req_EM_T P 0); [exfalso; apply C; split; lra | lra]. Qed.

(* D_dec = 1 exactly when D_k is a strictly decreasing function on [0,1]. *)
Theorem D_dec_meaning : forall d k beta mu L W, 1 < k ->
  (D_dec d k beta mu L W = 1 <->
   forall x y, 0 <= x /\ x < y /\ y <= 1 -> D_at d k beta mu L W y < D_at d k beta mu L W x).
Proof.
  intros d k beta mu L W K. pose proof (spread_factor_pos k K). pose proof (trBWtW_nonneg d L W).
  rewrite (decreasing_by_midpoint _ (dD_at d k beta mu L W)) by (intros; apply D_midpoint; lra).
  rewrite D_dec_nf, flag_one, andb_true_iff, nonnegative_true, positive_true by lra.
  rewrite sign_pattern_dec, <- linear_positive_inside by lra.
  split; intros Hm m Im; specialize (Hm m Im); rewrite dD_linear in * by lra; nra.
Qed.

(* D_inc = 1 exactly when D_k is a strictly increasing function on [0,1]. *)
Theorem D_inc_meaning : forall d k beta mu L W, 1 < k ->
  (D_inc d k beta mu L W = 1 <->
   forall x y, 0 <= x /\ x < y /\ y <= 1 -> D_at d k beta mu L W x < D_at d k beta mu L W y).
Proof.
  intros d k beta mu L W K. pose proof (spread_factor_pos k K). pose proof (trBWtW_nonneg d L W).
  assert (E : (forall x y, 0 <= x /\ x < y /\ y <= 1 -> D_at d k beta mu L W x < D_at d k beta mu L W y) <->
              (forall x y, 0 <= x /\ x < y /\ y <= 1 -> - D_at d k beta mu L W y < - D_at d k beta mu L W x))
    by (split; intros H1 x y Hxy; specialize (H1 x y Hxy); lra).
  rewrite E, (decreasing_by_midpoint _ (fun m => - dD_at d k beta mu L W m))
    by (intros; pose proof (D_midpoint d k beta mu L W x y ltac:(lra)); lra).
  rewrite D_inc_nf, flag_one, andb_true_iff, nonnegative_true, positive_true by lra.
  rewrite sign_pattern_inc, <- linear_positive_inside by lra.
  split; intros Hm m Im; specialize (Hm m Im); rewrite dD_linear in * by lra; nra.
Qed.

(* N_inc = 1 exactly when N is a strictly increasing function on [0,1]. *)
Theorem N_inc_meaning : forall d k beta mu L W, 1 < k ->
  (N_inc d k beta mu L W = 1 <->
   forall x y, 0 <= x /\ x < y /\ y <= 1 -> N_at d k beta mu L W x < N_at d k beta mu L W y).
Proof.
  intros d k beta mu L W K. pose proof (inv_pos k K). pose proof (trBWtW_nonneg d L W).
  assert (E : (forall x y, 0 <= x /\ x < y /\ y <= 1 -> N_at d k beta mu L W x < N_at d k beta mu L W y) <->
              (forall x y, 0 <= x /\ x < y /\ y <= 1 -> - N_at d k beta mu L W y < - N_at d k beta mu L W x))
    by (split; intros H1 x y Hxy; specialize (H1 x y Hxy); lra).
  rewrite E, (decreasing_by_midpoint _ (fun m => - dN_at d k beta mu L W m))
    by (intros; pose proof (N_midpoint d k beta mu L W x y ltac:(lra)); lra).
  rewrite N_inc_nf, flag_one, andb_true_iff, nonnegative_true, positive_true by lra.
  rewrite sign_pattern_dec, <- linear_positive_inside by lra.
  split; intros Hm m Im; specialize (Hm m Im); rewrite dN_linear in * by lra; unfold Rdiv in *; nra.
Qed.

(* N_dec = 1 exactly when N is a strictly decreasing function on [0,1]. *)
Theorem N_dec_meaning : forall d k beta mu L W, 1 < k ->
  (N_dec d k beta mu L W = 1 <->
   forall x y, 0 <= x /\ x < y /\ y <= 1 -> N_at d k beta mu L W y < N_at d k beta mu L W x).
Proof.
  intros d k beta mu L W K. pose proof (inv_pos k K). pose proof (trBWtW_nonneg d L W).
  rewrite (decreasing_by_midpoint _ (dN_at d k beta mu L W)) by (intros; apply N_midpoint; lra).
  rewrite N_dec_nf, flag_one, andb_true_iff, nonnegative_true, positive_true by lra.
  rewrite sign_pattern_inc, <- linear_positive_inside by lra.
  split; intros Hm m Im; specialize (Hm m Im); rewrite dN_linear in * by lra; unfold Rdiv in *; nra.
Qed.

(* Y2_min is the minimum of E||Y_i||^2 over [0,1]: Y2_min_le and Y2_min_attained above. *)

(* dD_max is the maximum of D_k' over [0,1] (dD_min, dN_max, dN_min likewise by their _nf lemmas). *)
Theorem dD_max_bound : forall d k beta mu L W lam, 1 < k -> 0 <= lam <= 1 ->
  dD_at d k beta mu L W lam <= dD_max d k beta mu L W.
Proof.
  intros d k beta mu L W lam K Hl. rewrite dD_max_nf by auto. unfold dD0, dD1.
  fold (dD_at d k beta mu L W 0) (dD_at d k beta mu L W 1). rewrite !dD_linear by lra.
  unfold Rmax. destruct (Rle_dec _ _); nra.
Qed.

Theorem dD_max_attained : forall d k beta mu L W, 1 < k ->
  exists lam, 0 <= lam <= 1 /\ dD_max d k beta mu L W = dD_at d k beta mu L W lam.
Proof.
  intros d k beta mu L W K. rewrite dD_max_nf by auto. unfold dD0, dD1, Rmax.
  destruct (Rle_dec _ _); [exists 1 | exists 0]; split; (lra || reflexivity).
Qed.

(* ---- the proof tactic ------------------------------------------------------------ *)
(* `sinkcheck_smoothing_auto` closes a claim's theorem after `intros` (the context
   holds `2 <= k`, the assumptions, and for vector claims `0 <= lam <= 1`):
   1. facts: 1 < k, k <> 0, 0 < 1 - 1/k, 0 < /k, and where the claim names
      Y2_min, what P3 proves about it;
   2. every flag rewritten to its test of beta tr(BW) and beta tr(BW) + tr(BW^T W),
      the extrema of the derivatives to their ends, rho and rho' unfolded;
   3. the tests split; each branch closed with the quantities as atoms, or
      else after rewriting them to their closed forms (proved above from the
      moments) by field, or by nonlinear arithmetic with the facts
      tr B >= 0, tr(BW^T W) >= 0, tr(BW)^2 <= tr B tr(BW^T W), ||.||^2 >= 0. *)

Ltac smoothing_k_facts :=
  match goal with
  | H : 2 <= ?k |- _ =>
      assert (1 < k) by lra; assert (k <> 0) by lra; assert (k - 1 <> 0) by lra;
      pose proof (spread_factor_pos k ltac:(lra)); pose proof (inv_pos k ltac:(lra))
  end.

Ltac smoothing_y2_facts :=
  repeat match goal with
  | |- context [Y2_min ?d ?k ?b ?mu ?L ?W] =>
      lazymatch goal with _ : 0 < Y2_min d k b mu L W |- _ => fail | _ => idtac end;
      first [ assert (0 < Y2_min d k b mu L W) by (apply Y2_min_pos_red; lra)
            | assert (0 < Y2_min d k b mu L W) by (apply Y2_min_pos_blue; lra) ]
  end;
  repeat match goal with
  | Hy : 0 < Y2_min ?d ?k ?b ?mu ?L ?W, Hl : 0 <= ?l <= 1 |- _ =>
      lazymatch goal with _ : Y2_min d k b mu L W <= Y2_at d k b mu L W l |- _ => fail | _ => idtac end;
      pose proof (Y2_min_le d k b mu L W l ltac:(lra) Hl)
  | Hy : Y2_min ?d ?k ?b ?mu ?L ?W > 0, Hl : 0 <= ?l <= 1 |- _ =>
      lazymatch goal with _ : Y2_min d k b mu L W <= Y2_at d k b mu L W l |- _ => fail | _ => idtac end;
      pose proof (Y2_min_le d k b mu L W l ltac:(lra) Hl)
  end.

Ltac smoothing_flags :=
  repeat first
    [ rewrite D_dec_nf in * by lra | rewrite D_inc_nf in * by lra
    | rewrite D_monotone_nf in * by lra | rewrite D_interior_min_nf in * by lra
    | rewrite N_inc_nf in * by lra | rewrite N_dec_nf in * by lra
    | rewrite rho_inc_nf in * by lra | rewrite rho_dec_nf in * by lra
    | rewrite dD_max_nf in * by lra | rewrite dD_min_nf in * by lra
    | rewrite dN_max_nf in * by lra | rewrite dN_min_nf in * by lra ];
  unfold rho_at, drho_at in *;
  repeat (rewrite rho_numerator_closed in * by lra);
  unfold flag, is_positive, is_nonnegative, is_zero, Rmax, Rmin in *.

Ltac smoothing_split :=
  repeat match goal with
  | |- context [Rlt_dec ?a ?b] => destruct (Rlt_dec a b)
  | |- context [Rle_dec ?a ?b] => destruct (Rle_dec a b)
  | |- context [Req_EM_T ?a ?b] => destruct (Req_EM_T a b)
  | H : context [Rlt_dec ?a ?b] |- _ => destruct (Rlt_dec a b)
  | H : context [Rle_dec ?a ?b] |- _ => destruct (Rle_dec a b)
  | H : context [Req_EM_T ?a ?b] |- _ => destruct (Req_EM_T a b)
  end;
  cbv beta iota delta [andb orb negb] in *.

Ltac smoothing_nonzero := repeat split; try assumption; intro; lra.

Ltac smoothing_closed_forms :=
  repeat first
    [ rewrite dD0_closed in * by lra | rewrite dD1_closed in * by lra
    | rewrite dD_closed in * by lra | rewrite dN_closed in * by lra
    | rewrite D_closed in * by lra | rewrite N_closed in * by lra
    | rewrite Ebar_closed in * by lra ].

Ltac smoothing_scalar_facts :=
  repeat match goal with
  | |- context [spread_form ?d ?b ?L ?W ?y] =>
      lazymatch goal with _ : 0 <= spread_form d b L W y |- _ => fail | _ => idtac end;
      pose proof (spread_form_nonneg d b L W y)
  | |- context [mu_norm2 ?d ?b ?mu ?W] =>
      lazymatch goal with _ : 0 <= mu_norm2 d b mu W |- _ => fail | _ => idtac end;
      pose proof (mu_norm2_nonneg d b mu W)
  | |- context [trBW ?d ?L ?W] =>
      lazymatch goal with _ : 0 <= trBWtW d L W |- _ => fail | _ => idtac end;
      pose proof (trB_nonneg d L); pose proof (trBWtW_nonneg d L W); pose proof (trBW_cauchy_schwarz d L W)
  | |- context [trBWtW ?d ?L ?W] =>
      lazymatch goal with _ : 0 <= trBWtW d L W |- _ => fail | _ => idtac end;
      pose proof (trB_nonneg d L); pose proof (trBWtW_nonneg d L W); pose proof (trBW_cauchy_schwarz d L W)
  | _ : context [trBW ?d ?L ?W] |- _ =>
      lazymatch goal with _ : 0 <= trBWtW d L W |- _ => fail | _ => idtac end;
      pose proof (trB_nonneg d L); pose proof (trBWtW_nonneg d L W); pose proof (trBW_cauchy_schwarz d L W)
  end.

Ltac smoothing_close :=
  first [ reflexivity | lra | solve [field; smoothing_nonzero] | nra ].

(* E||Y_i||^2 = E||Ybar||^2 + D_k, with both closed forms in the quadratic form of the spread:
   inequalities between them *)
Ltac smoothing_by_spread :=
  repeat (rewrite Y2_D_Ebar in * by lra); smoothing_closed_forms; smoothing_scalar_facts;
  unfold Rdiv in *; nra.

(* identities: every quantity in the trace scalars *)
Ltac smoothing_by_field :=
  repeat (rewrite Y2_closed in * by lra); smoothing_closed_forms; unfold spread_form in *;
  first [ solve [field; smoothing_nonzero] | smoothing_scalar_facts; nra ].

Ltac sinkcheck_smoothing_auto :=
  smoothing_k_facts; smoothing_flags; smoothing_y2_facts; smoothing_scalar_facts; smoothing_split;
  first [ solve [smoothing_close] | solve [smoothing_by_field] | solve [smoothing_by_spread] ].
