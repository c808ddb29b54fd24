#include "theory/theory_file.hpp"

#include <toml.hpp>

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>

#include "theory/suggest.hpp"
#include "theory/toml_guard.hpp"
#include "verify/bounded_read.hpp"
#include "verify/input_limits.hpp"

namespace sinkcheck {

std::string assumptions_text(const ClaimTheory& claim) {
  std::string s;
  for (const Relation& a : claim.assume) s += (s.empty() ? "" : "; ") + a.text();
  return s;
}

std::string claim_text(const ClaimTheory& claim) {
  const std::string assume = assumptions_text(claim);
  return assume.empty() ? claim.holds.text() : "assume " + assume + " => " + claim.holds.text();
}

std::string SourceLocation::str() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string source_excerpt(const std::string& text, std::size_t line, std::size_t column) {
  if (line == 0) return "";
  std::size_t start = 0;
  for (std::size_t l = 1; l < line; ++l) {
    start = text.find('\n', start);
    if (start == std::string::npos) return "";
    ++start;
  }
  std::string source = text.substr(start, text.find('\n', start) - start);
  if (!source.empty() && source.back() == '\r') source.pop_back();
  constexpr std::size_t kLongest = 200;  // a minified file's one line is not worth printing
  if (source.size() > kLongest) return "";
  std::string marker;
  // Tabs stay tabs so that the caret lines up however the terminal shows them.
  for (std::size_t i = 0; i + 1 < column && i < source.size(); ++i) marker += source[i] == '\t' ? '\t' : ' ';
  return "\n    " + source + "\n    " + marker + "^";
}

TheoryError theory_error_at(const SourceLocation& where, const std::string& message) {
  std::string excerpt;
  try {
    excerpt = source_excerpt(read_file_bounded(where.file, limits::theory_file_bytes, "a theory file"), where.line,
                             where.column);
  } catch (const std::exception&) {
    // Unreadable now: the message alone.
  }
  return TheoryError(where.str() + ": " + message + excerpt);
}

namespace {

// A TheoryError thrown while parsing `text` ("path:line:column: …"): the
// same with the offending line and a caret appended.
TheoryError with_excerpt(const TheoryError& e, const std::string& path, const std::string& text) {
  const std::string what = e.what();
  std::size_t line = 0, column = 0;
  if (what.rfind(path + ":", 0) == 0 && std::sscanf(what.c_str() + path.size(), ":%zu:%zu:", &line, &column) == 2)
    return TheoryError(what + source_excerpt(text, line, column));
  return e;
}

SourceLocation location_of(const toml::value& v, const std::string& file) {
  const auto loc = v.location();
  return SourceLocation{file, loc.line(), loc.column()};
}

// While parsing: parse_theory adds the excerpt from the text it parses.
[[noreturn]] void fail_at(const SourceLocation& where, const std::string& message) {
  throw TheoryError(where.str() + ": " + message);
}

const toml::value& require(const toml::value& table, const std::string& key, const std::string& file,
                           const std::string& context) {
  if (!table.contains(key)) fail_at(location_of(table, file), context + " has no '" + key + "'");
  return table.at(key);
}

std::string as_string(const toml::value& v, const std::string& file, const std::string& field) {
  if (!v.is_string()) fail_at(location_of(v, file), field + " must be a string");
  return v.as_string().str;
}

// " (did you mean 'g'?)" for the formula parser's unknown names and functions.
std::string suggestion_for(const std::string& message, const std::vector<Variable>& variables) {
  static const std::vector<std::string> functions{"exp", "log", "sqrt", "abs", "min", "max"};
  for (const char* prefix : {"unknown name '", "unknown function '"}) {
    if (message.rfind(prefix, 0) != 0) continue;
    const std::size_t start = std::string(prefix).size(), end = message.find('\'', start);
    const std::string word = message.substr(start, end - start);
    std::vector<std::string> names = functions;
    if (message.rfind("unknown name", 0) == 0)
      for (const Variable& v : variables) names.push_back(v.name);
    return did_you_mean(word, names);
  }
  return "";
}

// Parses a formula held in a TOML string, mapping its column to the file's.
Relation parse_relation_at(const toml::value& v, const std::string& file, const std::string& field,
                           const std::vector<Variable>& variables) {
  const std::string text = as_string(v, file, field);
  try {
    return Relation::parse(text, variables);
  } catch (const FormulaError& e) {
    SourceLocation where = location_of(v, file);
    where.column += e.column;  // the value's location is its opening quote
    fail_at(where, field + ": " + e.what() + suggestion_for(e.what(), variables));
  }
}

void reject_unknown_keys(const toml::value& table, const std::set<std::string>& known, const std::string& file,
                         const std::string& context) {
  for (const auto& [key, value] : table.as_table()) {
    if (known.count(key)) continue;
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    fail_at(location_of(value, file), "unknown field '" + key + "' in " + context + " (expected: " + list + ")" +
                                          did_you_mean(key, std::vector<std::string>(known.begin(), known.end())));
  }
}

ClaimTheory load_claim(const toml::value& claim, const std::string& file, const std::string& id,
                       const std::vector<Variable>& variables) {
  if (!claim.is_table()) fail_at(location_of(claim, file), id + ".claim entries must be tables");
  reject_unknown_keys(claim, {"name", "assume", "holds", "reading"}, file, id + ".claim");
  ClaimTheory c;
  c.where = location_of(claim, file);
  c.name = as_string(require(claim, "name", file, id + ".claim"), file, id + ".claim.name");
  if (claim.contains("reading")) c.reading = as_string(claim.at("reading"), file, id + ".claim.reading");
  c.holds = parse_relation_at(require(claim, "holds", file, id + ".claim '" + c.name + "'"), file,
                              id + ".claim.holds", variables);
  c.holds_where = location_of(claim.at("holds"), file);
  if (claim.contains("assume")) {
    const toml::value& assume = claim.at("assume");
    if (assume.is_string()) {
      c.assume.push_back(parse_relation_at(assume, file, id + ".claim.assume", variables));
    } else if (assume.is_array()) {
      for (const toml::value& a : assume.as_array())
        c.assume.push_back(parse_relation_at(a, file, id + ".claim.assume", variables));
    } else {
      fail_at(location_of(assume, file), id + ".claim.assume must be a string or an array of strings");
    }
  }
  return c;
}

// An example's inputs: TOML tables, arrays, integers, booleans and strings
// ("1/2": numbers exactly, as report.json writes them) as JSON.
nlohmann::json inputs_json(const toml::value& v, const std::string& file, const std::string& field) {
  // Counts as report.json writes them: non-negative integers unsigned.
  if (v.is_integer()) return v.as_integer() >= 0 ? nlohmann::json(std::uint64_t(v.as_integer())) : nlohmann::json(v.as_integer());
  if (v.is_boolean()) return v.as_boolean();
  if (v.is_string()) return v.as_string().str;
  if (v.is_array()) {
    nlohmann::json a = nlohmann::json::array();
    for (const toml::value& x : v.as_array()) a.push_back(inputs_json(x, file, field));
    return a;
  }
  if (v.is_table()) {
    nlohmann::json o = nlohmann::json::object();
    for (const auto& [key, x] : v.as_table()) o[key] = inputs_json(x, file, field + "." + key);
    return o;
  }
  fail_at(location_of(v, file), field + ": write numbers exactly, as integers or in quotes (\"1/2\", \"0.25\")");
}

PinnedExample load_example(const toml::value& example, const std::string& file, const std::string& id,
                           const std::vector<ClaimTheory>& claims) {
  if (!example.is_table()) fail_at(location_of(example, file), id + ".example entries must be tables");
  reject_unknown_keys(example, {"claim", "inputs"}, file, id + ".example");
  PinnedExample e;
  e.where = location_of(example, file);
  if (example.contains("claim")) {
    e.claim = as_string(example.at("claim"), file, id + ".example.claim");
    if (std::none_of(claims.begin(), claims.end(), [&](const ClaimTheory& c) { return c.name == e.claim; }))
      fail_at(location_of(example.at("claim"), file), id + ".example.claim: no claim of " + id + " is named '" +
                                                          e.claim + "'");
  }
  const toml::value& inputs = require(example, "inputs", file, id + ".example");
  if (!inputs.is_table()) fail_at(location_of(inputs, file), id + ".example.inputs must be a table");
  e.inputs = inputs_json(inputs, file, id + ".example.inputs");
  return e;
}

// A statement with tagged claims must select one of their readings, and a
// selected reading must be one that some claim carries.
void check_readings(const StatementTheory& st, const toml::value& table, const std::string& file) {
  std::vector<std::string> readings;
  for (const ClaimTheory& c : st.claims)
    if (!c.reading.empty() && std::find(readings.begin(), readings.end(), c.reading) == readings.end())
      readings.push_back(c.reading);
  std::string list;
  for (const auto& r : readings) list += (list.empty() ? "" : ", ") + r;
  if (st.reading.empty()) {
    if (!readings.empty())
      fail_at(st.where, st.id + ": its claims carry readings (" + list + "); select one with reading = \"...\"");
    return;
  }
  if (std::find(readings.begin(), readings.end(), st.reading) == readings.end())
    fail_at(location_of(table.at("reading"), file),
            st.id + ".reading = \"" + st.reading + "\" is no claim's reading" +
                (list.empty() ? std::string(" (no claim carries a reading)") : " (claims carry: " + list + ")"));
}

// Reports key a statement's claims by name (counterexamples, gate's breaking
// edit): two claims that are checked together, in one reading (an untagged
// claim is in every reading), must not share one. Claims of different
// readings may (P4.U_diag's two readings of one bound).
void check_claim_names(const StatementTheory& st) {
  for (std::size_t i = 0; i < st.claims.size(); ++i)
    for (std::size_t j = 0; j < i; ++j) {
      const ClaimTheory &a = st.claims[j], &b = st.claims[i];
      if (a.name == b.name && (a.reading.empty() || b.reading.empty() || a.reading == b.reading))
        fail_at(b.where, st.id + ": a second claim named '" + a.name + "' (the first is at " + a.where.str() +
                             "); claims checked together need distinct names");
    }
}

DomainTable load_domain(const toml::value& table, const std::string& file, const std::string& name) {
  if (!table.is_table()) fail_at(location_of(table, file), name + " must be a table");
  std::map<std::string, DomainTable::Entry> entries;
  for (const auto& [key, value] : table.as_table()) {
    const SourceLocation where = location_of(value, file);
    Rational q;
    if (value.is_integer()) {
      q = Rational(value.as_integer());
    } else if (value.is_string()) {
      try {
        q = parse_rational(value.as_string().str);
      } catch (const std::invalid_argument& e) {
        fail_at(where, name + "." + key + ": " + e.what());
      }
    } else {
      fail_at(where, name + "." + key + " must be an integer or an exact number in quotes (\"1/2\", \"0.25\")");
    }
    entries[key] = DomainTable::Entry{q, where};
  }
  return DomainTable(name, std::move(entries));
}

}  // namespace

long DomainTable::integer(const std::string& key, long fallback, long min, long max) const {
  const auto it = entries_.find(key);
  if (it == entries_.end()) return fallback;
  const Rational& q = it->second.value;
  if (boost::multiprecision::denominator(q) != 1 || q < min || q > max)
    throw theory_error_at(it->second.where, name_ + "." + key + " = " + to_short_string(q) + " must be a whole number in [" +
                                  std::to_string(min) + ", " + std::to_string(max) + "]");
  return q.convert_to<long>();
}

Rational DomainTable::rational(const std::string& key, const Rational& fallback, const Rational& min,
                               const Rational& max) const {
  const auto it = entries_.find(key);
  if (it == entries_.end()) return fallback;
  const Rational& q = it->second.value;
  if (q < min || q > max)
    throw theory_error_at(it->second.where, name_ + "." + key + " = " + to_short_string(q) + " must lie in [" + to_string(min) +
                                  ", " + to_string(max) + "]");
  return q;
}

void DomainTable::require_known(const std::vector<std::string>& known_to_generator) const {
  // The runner reads default_cases in every proposition's table (cases_for).
  std::vector<std::string> known = known_to_generator;
  known.push_back("default_cases");
  (void)integer("default_cases", 1, 1, 100000000);
  for (const auto& [key, entry] : entries_) {
    bool found = false;
    for (const auto& k : known) found |= k == key;
    if (found) continue;
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    throw theory_error_at(entry.where, "unknown parameter '" + key + "' in " + name_ + " (expected: " + list + ")");
  }
}

StatementTheory StatementTheory::selected() const {
  StatementTheory out = *this;
  out.claims.clear();
  for (const ClaimTheory& c : claims)
    if (c.reading.empty() || c.reading == reading) out.claims.push_back(c);
  return out;
}

std::vector<std::string> StatementTheory::other_readings() const {
  std::vector<std::string> out;
  for (const ClaimTheory& c : claims)
    if (!c.reading.empty() && c.reading != reading && std::find(out.begin(), out.end(), c.reading) == out.end())
      out.push_back(c.reading);
  return out;
}

StatementTheory StatementTheory::of_reading(const std::string& r) const {
  StatementTheory out = *this;
  out.reading = r;
  out.claims.clear();
  for (const ClaimTheory& c : claims)
    if (c.reading == r) out.claims.push_back(c);
  return out;
}

const StatementTheory* Theory::find(const std::string& id) const {
  const auto it = statements.find(id);
  return it == statements.end() ? nullptr : &it->second;
}

DomainTable Theory::domain(const std::string& proposition) const {
  const auto it = domains.find(proposition);
  return it == domains.end() ? DomainTable(proposition + ".domain", {}) : it->second;
}

namespace {

// The quantities a statement's claims may name: a shipped statement's own, or
// (with `model = "…"`) those of the registered model it is declared over,
// whose name is stored in `model`.
const std::vector<Variable>* statement_variables(const toml::value& table, const std::string& path,
                                                 const std::string& id, const TheoryVocabulary& vocabulary,
                                                 std::string& model) {
  const std::vector<Variable>* shipped = vocabulary.statements(id);
  if (!table.contains("model")) {
    if (!shipped)
      fail_at(location_of(table, path), "unknown statement '" + id +
                                            "' (see `sinkcheck list`); to declare a new one, name its model with "
                                            "model = \"…\" (see `sinkcheck list --models`)");
    return shipped;
  }
  const toml::value& field = table.at("model");
  model = as_string(field, path, id + ".model");
  if (shipped)
    fail_at(location_of(field, path), id + " is shipped over its own model; a declared statement needs a new id");
  const std::optional<ModelVocabulary> known = vocabulary.models ? vocabulary.models(model) : std::nullopt;
  if (!known) fail_at(location_of(field, path), "unknown model '" + model + "' (see `sinkcheck list --models`)");
  // Its generator reads the model's proposition's [domain] table, which
  // every command finds from the id.
  if (id.substr(0, id.find('.')) != known->proposition)
    fail_at(location_of(field, path), "model '" + model + "' reads [" + known->proposition + ".domain]: declare " +
                                          id + " as [" + known->proposition + "." + id.substr(id.find('.') + 1) + "]");
  if (!table.contains("title")) fail_at(location_of(table, path), id + " declares a statement: it needs a title");
  return known->variables;
}

}  // namespace

Theory load_theory(const std::string& path, const TheoryVocabulary& vocabulary) {
  std::string text;
  try {
    text = read_file_bounded(path, limits::theory_file_bytes, "a theory file");
  } catch (const InputFileError& e) {
    // No line to point at: the file itself, plainly.
    throw TheoryError("sinkcheck: theory file " + path + ": " + e.what());
  }
  return parse_theory(text, path, vocabulary);
}

namespace {

Theory parse_theory_text(const std::string& text, const std::string& path, const TheoryVocabulary& vocabulary) {
  Theory theory;
  theory.path = path;
  theory.text = text;
  if (text.size() > limits::theory_file_bytes)
    throw TheoryError(path + ":0:0: larger than the limit of " + std::to_string(limits::theory_file_bytes) +
                      " bytes for a theory file");
  check_toml_limits(theory.text, path);
  toml::value root;
  try {
    std::istringstream in(theory.text);
    root = toml::parse(in, path);
  } catch (const toml::internal_error& e) {
    // toml11 reports a few malformed inputs this way; keep what it says.
    std::string message = e.what();
    message = message.substr(0, message.find('\n'));
    throw TheoryError(path + ":" + std::to_string(e.location().line()) + ":" + std::to_string(e.location().column()) +
                      ": TOML syntax: " + message);
  } catch (const toml::syntax_error& e) {
    std::string message = e.what();
    const auto start = message.find("] ");
    const auto end = message.find('\n');
    message = message.substr(start == std::string::npos ? 0 : start + 2,
                             end == std::string::npos ? std::string::npos : end - start - 2);
    const auto colons = message.find(": ");
    if (message.rfind("toml::", 0) == 0 && colons != std::string::npos) message = message.substr(colons + 2);
    throw TheoryError(path + ":" + std::to_string(e.location().line()) + ":" +
                      std::to_string(e.location().column()) + ": TOML syntax: " + message);
  }

  for (const auto& [key, value] : root.as_table()) {
    if (key == "schema") {
      if (!value.is_integer() || value.as_integer() != 1)
        fail_at(location_of(value, path), "schema must be 1 (this sinkcheck reads theory schema 1)");
      continue;
    }
    if (key == "title") continue;
    if (!value.is_table())
      fail_at(location_of(value, path), "'" + key + "' must be a proposition table such as [P2.a]");
    for (const auto& [sub, table] : value.as_table()) {
      if (sub == "domain") {
        theory.domains[key] = load_domain(table, path, key + ".domain");
        continue;
      }
      const std::string id = key + "." + sub;
      if (!table.is_table()) fail_at(location_of(table, path), id + " must be a table");
      StatementTheory st;
      st.id = id;
      st.where = location_of(table, path);
      const std::vector<Variable>* variables = statement_variables(table, path, id, vocabulary, st.model);
      reject_unknown_keys(table, {"title", "reading", "claim", "model", "example"}, path, id);
      if (table.contains("title")) st.title = as_string(table.at("title"), path, id + ".title");
      if (table.contains("reading")) st.reading = as_string(table.at("reading"), path, id + ".reading");
      const toml::value& claims = require(table, "claim", path, id);
      if (!claims.is_array() || claims.as_array().empty())
        fail_at(location_of(claims, path), id + " needs at least one [[" + id + ".claim]]");
      for (const toml::value& c : claims.as_array()) st.claims.push_back(load_claim(c, path, id, *variables));
      check_readings(st, table, path);
      if (table.contains("example")) {
        const toml::value& examples = table.at("example");
        if (!examples.is_array())
          fail_at(location_of(examples, path), id + ".example must be written [[" + id + ".example]]");
        for (const toml::value& e : examples.as_array()) st.examples.push_back(load_example(e, path, id, st.claims));
      }
      check_claim_names(st);
      theory.statements[id] = std::move(st);
    }
  }
  if (!root.contains("schema")) throw TheoryError(path + ":1:1: missing 'schema = 1' at the top of the theory file");
  return theory;
}

}  // namespace

Theory parse_theory(const std::string& text, const std::string& path, const TheoryVocabulary& vocabulary) {
  try {
    return parse_theory_text(text, path, vocabulary);
  } catch (const TheoryError& e) {
    throw with_excerpt(e, path, text);
  }
}

std::string default_theory_path() { return std::string(SINKCHECK_SOURCE_DIR) + "/theory/sinkcheck.toml"; }

}  // namespace sinkcheck
