#include "engine/coq_boundary_file.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "verify/coq_term.hpp"

namespace sinkcheck {

namespace {

bool identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '\''; }

// The identifiers a binder group "(lambda kappa d : R)" binds.
std::vector<std::string> bound_names(const std::string& binder) {
  std::vector<std::string> names;
  std::istringstream words(binder.substr(0, binder.find(':')));
  for (std::string word; words >> word;) {
    word.erase(std::remove(word.begin(), word.end(), '('), word.end());
    if (!word.empty()) names.push_back(word);
  }
  return names;
}

bool mentions(const std::string& text, const std::string& name) {
  for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
    const bool starts = at == 0 || !identifier_char(text[at - 1]);
    const bool ends = at + name.size() == text.size() || !identifier_char(text[at + name.size()]);
    if (starts && ends) return true;
  }
  return false;
}

// `text` with every occurrence of the identifier `name` replaced.
std::string substituted(const std::string& text, const std::string& name, const std::string& replacement) {
  std::string out;
  std::size_t from = 0;
  for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
    const bool starts = at == 0 || !identifier_char(text[at - 1]);
    const bool ends = at + name.size() == text.size() || !identifier_char(text[at + name.size()]);
    if (!starts || !ends) continue;
    out += text.substr(from, at - from) + replacement;
    from = at + name.size();
  }
  return out + text.substr(from);
}

// The binder groups without `name` (a group left empty is dropped).
std::vector<std::string> binders_without(const std::vector<std::string>& binders, const std::string& name) {
  std::vector<std::string> out;
  for (const std::string& binder : binders) {
    std::vector<std::string> names = bound_names(binder);
    names.erase(std::remove(names.begin(), names.end(), name), names.end());
    if (names.empty()) continue;
    std::string group = "(";
    for (const std::string& n : names) group += n + " ";
    out.push_back(group + binder.substr(binder.find(':')));
  }
  return out;
}

bool binds(const CoqFamily& family, const std::string& name) {
  for (const std::string& binder : family.binders) {
    const std::vector<std::string> names = bound_names(binder);
    if (std::find(names.begin(), names.end(), name) != names.end()) return true;
  }
  return false;
}

// The one family the fixed values select: a quantity that is a constant of
// the family (C = 2) must equal its value; one that is a variable is left
// free (the theorems speak of every value of it).
const CoqFamily* selected_family(const std::vector<CoqFamily>& families, const BoundaryToProve& b, std::string& reason) {
  std::vector<const CoqFamily*> matching;
  for (const CoqFamily& f : families) {
    bool matches = true;
    for (const auto& [name, value] : b.fixed) {
      const auto term = f.quantities.find(name);
      if (term != f.quantities.end() && !binds(f, term->second) && term->second != coq_number(value)) matches = false;
    }
    if (matches) matching.push_back(&f);
  }
  if (matching.size() == 1) return matching.front();
  if (matching.empty()) {
    reason = "no family of the symbolic model has the values given with --set";
  } else {
    std::string constants;
    for (const auto& [name, term] : families.front().quantities)
      if (!binds(families.front(), term) && !b.fixed.count(name)) constants += (constants.empty() ? "" : ", ") + name;
    reason = "the bracket's family is not fixed: give " + constants + " with --set";
  }
  return nullptr;
}

void hypotheses(std::ostream& out, const char* label, const std::vector<std::string>& items) {
  if (items.empty()) return;
  out << "  (* " << label << " *)";
  for (const std::string& item : items) out << " (" << item << ") ->";
  out << "\n";
}

std::string fixed_text(const std::map<std::string, Rational>& fixed) {
  std::string text;
  for (const auto& [name, value] : fixed) text += ", " + name + " = " + to_string(value);
  return text;
}

}  // namespace

BoundaryCoqResult boundary_coq_file(const BoundaryToProve& b, const SymbolicModel& model, const DomainTable& domain,
                                    const std::string& tool_version) {
  BoundaryCoqResult result;
  const std::vector<CoqFamily> families = model.families(domain);
  const CoqFamily* family = selected_family(families, b, result.reason);
  if (!family) return result;
  const auto param_term = family->quantities.find(b.param);
  if (param_term == family->quantities.end() || !binds(*family, param_term->second)) {
    result.reason = b.param + " is not a variable of the symbolic model's families";
    return result;
  }
  const std::string variable = param_term->second;

  // The claim translated twice: with the parameter free, and at `fails`.
  auto translate = [&](const std::optional<Rational>& at) -> std::optional<std::pair<std::string, std::vector<std::string>>> {
    auto term_of = [&](const std::string& text) { return at ? substituted(text, variable, "(" + coq_number(*at) + ")") : text; };
    const CoqQuantityLookup lookup = [&](const std::string& name) -> std::optional<std::string> {
      const auto term = family->quantities.find(name);
      if (term == family->quantities.end()) return std::nullopt;
      return term_of(term->second);
    };
    const CoqTranslation t = translate_to_coq(b.claim->holds, lookup);
    if (!t.relation) {
      result.reason = t.missing_quantity.empty() ? t.unsupported : t.missing_quantity + " is not a closed form in this model";
      return std::nullopt;
    }
    std::vector<std::string> defined;
    for (const std::string& name : t.relation->quantities) {
      const auto where = family->defined_when.find(name);
      if (where != family->defined_when.end()) defined.push_back(term_of(where->second));
    }
    for (const std::string& d : t.relation->defined)
      if (std::find(defined.begin(), defined.end(), d) == defined.end()) defined.push_back(d);
    return std::make_pair(t.relation->text, defined);
  };
  const auto at_fails = translate(b.fails);
  const auto free = translate(std::nullopt);
  if (!at_fails || !free) return result;

  BoundaryCoqFile file;
  // "P4_U_sink_boundary_lambda_C2": the statement, the parameter, the family's constants.
  file.module = b.statement_id + "_boundary_" + b.param;
  for (const auto& [name, value] : b.fixed)
    if (family->quantities.count(name) && !binds(*family, family->quantities.at(name)))
      file.module += "_" + name + to_string(value);
  for (char& c : file.module)
    if (!identifier_char(c) || c == '\'') c = '_';
  const std::string lo = to_string(b.fails), hi = to_string(b.holds);
  file.scope = "fails at " + b.param + " = " + lo + "; holds for every " + b.param + " >= " + hi + fixed_text(b.fixed) +
               " (" + family->scope + ")";
  file.theorems = {"fails_at_lo", "holds_from_hi"};

  // The family's hypotheses; those on the parameter only where it is free
  // (at a fixed point they would add nothing true, and might add something false).
  std::vector<std::string> other_hypotheses;
  for (const std::string& h : family->hypotheses)
    if (!mentions(h, variable)) other_hypotheses.push_back(h);
  std::vector<std::string> from_hi = family->hypotheses;
  from_hi.push_back(coq_number(b.holds) + " <= " + variable);

  std::ostringstream out;
  out << "(* Generated by sinkcheck boundary --prove " << tool_version << ": a threshold bracket as two Coq theorems.\n"
      << "   Statement " << b.statement_id << ", claim \"" << b.claim->name << "\" (its assumptions ignored, as by the bracket)\n"
      << "   holds:  " << b.claim->holds.text() << "\n"
      << "   bracket: fails at " << b.param << " = " << lo << ", holds at " << b.param << " = " << hi
      << fixed_text(b.fixed) << "\n"
      << "   scope:  " << family->scope << " *)\n"
      << "From Coq Require Import Reals Lra.\n"
      << "From Interval Require Import Tactic.\n"
      << "From Sinkcheck Require Import " << model.library << ".\n"
      << "Open Scope R_scope.\n\n"
      << "(* The claim fails at " << b.param << " = " << lo << ", for every value of the family's other variables. *)\n"
      << "Theorem fails_at_lo :";
  const std::vector<std::string> others = binders_without(family->binders, variable);
  if (!others.empty()) {
    out << " forall";
    for (const std::string& binder : others) out << " " << binder;
    out << ",";
  }
  out << "\n";
  hypotheses(out, "model", other_hypotheses);
  hypotheses(out, "defined", at_fails->second);
  out << "  (* fails *) ~ (" << at_fails->first << ").\n"
      << "Proof. intros. " << model.tactic << ". Qed.\n\n"
      << "(* The claim holds for every " << b.param << " >= " << hi << " in the family's range. *)\n"
      << "Theorem holds_from_hi : forall";
  for (const std::string& binder : family->binders) out << " " << binder;
  out << ",\n";
  hypotheses(out, "model", from_hi);
  hypotheses(out, "defined", free->second);
  out << "  (* holds *) " << free->first << ".\n"
      << "Proof. intros. " << model.tactic << ". Qed.\n";
  file.text = out.str();
  result.file = std::move(file);
  return result;
}

}  // namespace sinkcheck
