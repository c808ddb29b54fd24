#pragma once
// The symbolic model of a statement: its quantities as closed forms over a
// few real variables, written as Coq terms, so that `sinkcheck prove` can
// state a claim of the theory file as a Coq theorem for every instance of
// the domain and have Coq's kernel check a proof of it.
//
// The model proposes (definitions, hypotheses, a tactic that tries proof
// strategies); Coq decides. Nothing here is trusted beyond what a reader
// checks in the generated file: each theorem states the claim over these
// definitions, and the link between the definitions and the concrete model
// is either proved in the model's Coq library (P3's closed forms against the
// exact moments) or tested exactly against the concrete model (a
// definition, such as P2's gate as the softmax mass off the target).
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "theory/theory_file.hpp"

namespace sinkcheck {

// One Coq theorem per family and claim: a claim is proved when the theorems
// of every family of its statement's model are accepted. Families cut the
// domain into pieces a fixed Coq statement can speak of (one per number of
// keys K, one per dimension d, one per number of groups C, ...).
struct CoqFamily {
  // A Coq identifier suffix, unique within the model ("K3", "d2", "C1").
  std::string label;
  // The piece of the domain in words ("K = 3 other visible keys, every margin").
  std::string scope;
  // Coq binders of the instance's variables, e.g. "(m u1 u2 u3 : R)".
  std::vector<std::string> binders;
  // What the model's structure and the domain's tables guarantee about them,
  // as Coq propositions over the binders ("0 < u1 <= exp (- m)").
  std::vector<std::string> hypotheses;
  // Every quantity a claim may name that is a closed form here, as a Coq term
  // over the binders (and, for a vector quantity, over `coordinate_binder`).
  std::map<std::string, std::string> quantities;
  // Where a quantity is defined only on part of the domain (the concrete
  // model leaves it undefined elsewhere, and a claim naming it is then
  // undecided there): the Coq proposition that says it is defined. The
  // theorem assumes it for every quantity the claim names, as the concrete
  // checker decides a claim only where its formulas have a value.
  std::map<std::string, std::string> defined_when;
  // Vector quantities: a claim over them must hold in every coordinate; the
  // theorem quantifies over the coordinate with this binder and hypothesis
  // ("(lam : R)", "0 <= lam <= 1"). Empty when the model has no vectors.
  std::string coordinate_binder;
  std::string coordinate_hypothesis;
};

struct SymbolicModel {
  // The Coq module every generated file of this model imports (a fixed text
  // shipped with sinkcheck: definitions, link lemmas, the proof tactic).
  std::string library;
  // The tactic that closes a claim's theorem (after `intros`), trying the
  // model's proof strategies in turn: "sinkcheck_switch_auto".
  std::string tactic;
  // The domain the families cover, in words ("every K <= 12 and every margin").
  std::function<std::string(const DomainTable&)> scope;
  std::function<std::vector<CoqFamily>(const DomainTable&)> families;
  // Quantities that are not closed forms in this model (a minimum-norm point,
  // an SDP optimum): a claim naming one stays open, with this reason.
  std::map<std::string, std::string> open_quantities;
};

}  // namespace sinkcheck
