#pragma once
// The theory file: the editable parts of every statement (claims as
// relations, their assumptions, and each proposition's parameter domains),
// read from TOML. Every error names file:line:column.
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "verify/formula.hpp"

namespace sinkcheck {

struct SourceLocation {
  std::string file;
  std::size_t line = 0, column = 0;
  std::string str() const;  // "file:line:column"
};

// An error in the theory file; what() is "file:line:column: message".
struct TheoryError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The line `line` of `text` and a caret under column `column` (1-based),
// indented, each on its own line after a newline; empty when the text has
// no such line.
std::string source_excerpt(const std::string& text, std::size_t line, std::size_t column);

// A TheoryError at `where` with the file's line and a caret under the
// column (the file is read again; no excerpt when it cannot be).
TheoryError theory_error_at(const SourceLocation& where, const std::string& message);

struct ClaimTheory {
  std::string name;
  // The reading of the statement this claim belongs to ("derivative",
  // "literal", …); empty: the claim belongs to every reading.
  std::string reading;
  std::vector<Relation> assume;
  Relation holds;
  SourceLocation where;        // the claim's table
  SourceLocation holds_where;  // its `holds` line: where CI annotates a refuted claim
};

// "a; b": a claim's assumptions as written, in one line.
std::string assumptions_text(const ClaimTheory& claim);
// "assume a; b => holds": the one-line form reports use for a claim.
std::string claim_text(const ClaimTheory& claim);

// An exact instance the theory file pins to a statement ([[P2.b.example]]):
// every run decides it first, before the generated cases.
struct PinnedExample {
  std::string claim;      // the claim it is for; empty: every claim of the statement
  nlohmann::json inputs;  // the instance, as report.json stores a case's inputs
  SourceLocation where;
};

struct StatementTheory {
  std::string id;  // "P2.b"
  std::string title;
  // A statement the theory file declares (`model = "switch/sink"`): the
  // registered model its claims are over. Empty for a shipped statement,
  // whose model its id implies.
  std::string model;
  // A statement whose source admits several readings tags its claims with
  // them; `reading` selects the one that is the statement. The others are
  // still checked and reported, but never fail a run.
  std::string reading;
  std::vector<ClaimTheory> claims;
  std::vector<PinnedExample> examples;
  SourceLocation where;

  // The selected reading's claims (with the untagged ones).
  StatementTheory selected() const;
  // The readings not selected, in order of first appearance, and the claims
  // tagged with one of them.
  std::vector<std::string> other_readings() const;
  StatementTheory of_reading(const std::string& reading) const;
};

// A proposition's parameter domains ([P2.domain] …), checked where used.
class DomainTable {
 public:
  struct Entry {
    Rational value;
    SourceLocation where;
  };
  DomainTable() = default;
  DomainTable(std::string name, std::map<std::string, Entry> entries)
      : name_(std::move(name)), entries_(std::move(entries)) {}

  long integer(const std::string& key, long fallback, long min, long max) const;
  Rational rational(const std::string& key, const Rational& fallback, const Rational& min,
                    const Rational& max) const;
  // Keys the proposition's generator does not know, other than the runner's
  // default_cases (checked here too), are typos: reject them.
  void require_known(const std::vector<std::string>& known_to_generator) const;
  const std::map<std::string, Entry>& entries() const { return entries_; }

 private:
  std::string name_;
  std::map<std::string, Entry> entries_;
};

struct Theory {
  std::string path;
  std::string text;  // the file as read, for the report's fingerprint
  std::map<std::string, StatementTheory> statements;
  std::map<std::string, DomainTable> domains;

  const StatementTheory* find(const std::string& id) const;
  DomainTable domain(const std::string& proposition) const;
};

// Maps a statement id to its quantities, or nullptr if no such statement.
using VariableLookup = std::function<const std::vector<Variable>*(const std::string& id)>;

// What the loader needs to know of a registered model to read a statement
// declared over it: the proposition whose [domain] table its generator reads
// (a declared statement's id must start with it) and its quantities.
struct ModelVocabulary {
  std::string proposition;  // "P2"
  const std::vector<Variable>* variables = nullptr;
};
using ModelLookup = std::function<std::optional<ModelVocabulary>(const std::string& model)>;

// The names a theory file may use: the shipped statements and the models a
// statement can be declared over (none when `models` is empty).
struct TheoryVocabulary {
  VariableLookup statements;
  ModelLookup models;
};

Theory load_theory(const std::string& path, const TheoryVocabulary& vocabulary);
// The same from the file's text (`path` names it in messages): the theory
// loader's fuzzing entry point.
Theory parse_theory(const std::string& text, const std::string& path, const TheoryVocabulary& vocabulary);

// The theory shipped with sinkcheck (theory/sinkcheck.toml in the source tree).
std::string default_theory_path();

}  // namespace sinkcheck
