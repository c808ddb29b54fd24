#include "engine/coq_claim_file.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

#include "verify/coq_term.hpp"

namespace sinkcheck {

std::string claim_module_name(const std::string& statement_id, std::size_t number) {
  std::string module;
  for (char c : statement_id) module += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return module + "_" + std::to_string(number);
}

namespace {

// Text a Coq comment can hold whatever a claim's name says: Coq comments
// nest and lex strings, so "(*", "*)" and quotes are defused.
std::string comment_safe(std::string text) {
  for (std::size_t at = 0; (at = text.find("(*", at)) != std::string::npos;) text.replace(at, 2, "( *");
  for (std::size_t at = 0; (at = text.find("*)", at)) != std::string::npos;) text.replace(at, 2, "* )");
  std::replace(text.begin(), text.end(), '"', '\'');
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

bool is_vector(const std::vector<Variable>& variables, const std::string& name) {
  for (const Variable& v : variables)
    if (v.name == name) return v.is_vector;
  return false;
}

// One claim translated within one family: its hypotheses split into those
// over the instance and those under the coordinate quantifier.
struct FamilyStatement {
  std::vector<std::string> defined, assume, coordinate_defined, coordinate_assume;
  std::string holds;
  bool coordinates = false;
};

void add_unique(std::vector<std::string>& to, const std::vector<std::string>& items) {
  for (const std::string& item : items)
    if (std::find(to.begin(), to.end(), item) == to.end()) to.push_back(item);
}

std::string open_reason(const CoqTranslation& t, const SymbolicModel& model) {
  if (!t.missing_quantity.empty()) {
    const auto reason = model.open_quantities.find(t.missing_quantity);
    if (reason != model.open_quantities.end()) return t.missing_quantity + ": " + reason->second;
    return t.missing_quantity + " is not a closed form in this model";
  }
  return t.unsupported;
}

// The family's statement of the claim, or the reason it has none.
std::optional<FamilyStatement> family_statement(const ClaimToProve& c, const SymbolicModel& model,
                                                const CoqFamily& family, std::string& reason) {
  const CoqQuantityLookup lookup = [&](const std::string& name) -> std::optional<std::string> {
    const auto term = family.quantities.find(name);
    if (term == family.quantities.end()) return std::nullopt;
    return term->second;
  };
  FamilyStatement s;
  std::set<std::string> named;
  auto translate = [&](const Relation& r) -> std::optional<CoqRelation> {
    CoqTranslation t = translate_to_coq(r, lookup);
    if (!t.relation) {
      reason = open_reason(t, model);
      return std::nullopt;
    }
    named.insert(t.relation->quantities.begin(), t.relation->quantities.end());
    return t.relation;
  };
  for (const Relation& a : c.claim->assume) {
    const auto t = translate(a);
    if (!t) return std::nullopt;
    add_unique(a.uses_vectors() ? s.coordinate_defined : s.defined, t->defined);
    (a.uses_vectors() ? s.coordinate_assume : s.assume).push_back(t->text);
  }
  const auto holds = translate(c.claim->holds);
  if (!holds) return std::nullopt;
  add_unique(c.claim->holds.uses_vectors() ? s.coordinate_defined : s.defined, holds->defined);
  s.holds = holds->text;
  s.coordinates = c.claim->holds.uses_vectors() || !s.coordinate_assume.empty();
  if (s.coordinates && family.coordinate_binder.empty()) {
    reason = "the model has no coordinate for its vector quantities";
    return std::nullopt;
  }
  // Where the named quantities are defined, in name order, before the
  // formulas' own conditions.
  std::vector<std::string> quantity_defined, quantity_coordinate_defined;
  for (const std::string& name : named) {
    const auto where = family.defined_when.find(name);
    if (where == family.defined_when.end()) continue;
    (is_vector(*c.variables, name) ? quantity_coordinate_defined : quantity_defined).push_back(where->second);
  }
  add_unique(quantity_defined, s.defined);
  add_unique(quantity_coordinate_defined, s.coordinate_defined);
  s.defined = quantity_defined;
  s.coordinate_defined = quantity_coordinate_defined;
  return s;
}

void hypotheses(std::ostream& out, const char* label, const std::vector<std::string>& items) {
  if (items.empty()) return;
  out << "  (* " << label << " *)";
  for (const std::string& item : items) out << " (" << item << ") ->";
  out << "\n";
}

std::string assumptions_line(const ClaimTheory& claim) {
  const std::string text = assumptions_text(claim);
  return text.empty() ? "(none)" : text;
}

}  // namespace

ClaimCoqResult claim_coq_file(const ClaimToProve& c, const SymbolicModel& model, const DomainTable& domain,
                              const std::string& tool_version) {
  ClaimCoqResult result;
  const std::vector<CoqFamily> families = model.families(domain);
  if (families.empty()) {
    result.open_reason = "the symbolic model has no family for this domain";
    return result;
  }
  ClaimCoqFile file;
  file.module = claim_module_name(c.statement_id, c.number);
  file.library = model.library;
  std::ostringstream out;
  out << "(* Generated by sinkcheck prove " << tool_version << ": the claim of the theory file as a Coq theorem.\n"
      << "   Statement " << c.statement_id << " (" << comment_safe(c.statement_title) << "), claim \""
      << comment_safe(c.claim->name) << "\"\n"
      << (c.claim->reading.empty() ? "" : "   reading: " + comment_safe(c.claim->reading) + "\n")
      << "   theory file: " << comment_safe(c.claim->where.str()) << "\n"
      << "   assume: " << comment_safe(assumptions_line(*c.claim)) << "\n"
      << "   holds:  " << comment_safe(c.claim->holds.text()) << "\n"
      << "   scope:  " << comment_safe(model.scope(domain)) << " *)\n"
      // No Interval import here: the model's tactic comes from its library,
      // which loads what it uses, and Interval alone costs a claim file 2 s.
      << "From Coq Require Import Reals Lra List.\n"
      << "From Sinkcheck Require Import " << model.library << ".\n"
      << "Import ListNotations.\n"
      << "Open Scope R_scope.\n";
  for (const CoqFamily& family : families) {
    const std::optional<FamilyStatement> s = family_statement(c, model, family, result.open_reason);
    if (!s) return result;
    const std::string theorem = "claim_" + family.label;
    file.theorems.push_back(theorem);
    out << "\n(* " << comment_safe(family.scope) << " *)\n" << "Theorem " << theorem << " :";
    if (!family.binders.empty()) {
      out << " forall";
      for (const std::string& binder : family.binders) out << " " << binder;
      out << ",";
    }
    out << "\n";
    hypotheses(out, "model", family.hypotheses);
    hypotheses(out, "defined", s->defined);
    hypotheses(out, "assume", s->assume);
    if (s->coordinates) {
      out << "  (* every coordinate *) forall " << family.coordinate_binder << ",\n";
      hypotheses(out, "coordinate", family.coordinate_hypothesis.empty()
                                        ? std::vector<std::string>{}
                                        : std::vector<std::string>{family.coordinate_hypothesis});
      hypotheses(out, "defined", s->coordinate_defined);
      hypotheses(out, "assume", s->coordinate_assume);
    }
    out << "  (* holds *) " << s->holds << ".\n"
        << "Proof. intros. " << model.tactic << ". Qed.\n";
  }
  file.text = out.str();
  result.file = std::move(file);
  return result;
}

}  // namespace sinkcheck
