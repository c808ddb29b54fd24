#include "theory/theory_file.hpp"

#include <toml.hpp>

#include <algorithm>
#include <set>
#include <sstream>

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

namespace {

SourceLocation location_of(const toml::value& v, const std::string& file) {
  const auto loc = v.location();
  return SourceLocation{file, loc.line(), loc.column()};
}

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

// Parses a formula held in a TOML string, mapping its column to the file's.
Relation parse_relation_at(const toml::value& v, const std::string& file, const std::string& field,
                           const std::vector<Variable>& variables) {
  const std::string text = as_string(v, file, field);
  try {
    return Relation::parse(text, variables);
  } catch (const FormulaError& e) {
    SourceLocation where = location_of(v, file);
    where.column += e.column;  // the value's location is its opening quote
    fail_at(where, field + ": " + e.what());
  }
}

void reject_unknown_keys(const toml::value& table, const std::set<std::string>& known, const std::string& file,
                         const std::string& context) {
  for (const auto& [key, value] : table.as_table()) {
    if (known.count(key)) continue;
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    fail_at(location_of(value, file), "unknown field '" + key + "' in " + context + " (expected: " + list + ")");
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
    fail_at(it->second.where, name_ + "." + key + " = " + to_short_string(q) + " must be a whole number in [" +
                                  std::to_string(min) + ", " + std::to_string(max) + "]");
  return q.convert_to<long>();
}

Rational DomainTable::rational(const std::string& key, const Rational& fallback, const Rational& min,
                               const Rational& max) const {
  const auto it = entries_.find(key);
  if (it == entries_.end()) return fallback;
  const Rational& q = it->second.value;
  if (q < min || q > max)
    fail_at(it->second.where, name_ + "." + key + " = " + to_short_string(q) + " must lie in [" + to_string(min) +
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
    fail_at(entry.where, "unknown parameter '" + key + "' in " + name_ + " (expected: " + list + ")");
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

Theory load_theory(const std::string& path, const VariableLookup& variables_of) {
  std::string text;
  try {
    text = read_file_bounded(path, limits::theory_file_bytes, "a theory file");
  } catch (const InputFileError& e) {
    throw TheoryError(path + ":0:0: cannot read the theory file: " + e.what());
  }
  return parse_theory(text, path, variables_of);
}

Theory parse_theory(const std::string& text, const std::string& path, const VariableLookup& variables_of) {
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
      const std::vector<Variable>* variables = variables_of(id);
      if (!variables) fail_at(location_of(table, path), "unknown statement '" + id + "' (see `sinkcheck list`)");
      if (!table.is_table()) fail_at(location_of(table, path), id + " must be a table");
      reject_unknown_keys(table, {"title", "reading", "claim"}, path, id);
      StatementTheory st;
      st.id = id;
      st.where = location_of(table, path);
      if (table.contains("title")) st.title = as_string(table.at("title"), path, id + ".title");
      if (table.contains("reading")) st.reading = as_string(table.at("reading"), path, id + ".reading");
      const toml::value& claims = require(table, "claim", path, id);
      if (!claims.is_array() || claims.as_array().empty())
        fail_at(location_of(claims, path), id + " needs at least one [[" + id + ".claim]]");
      for (const toml::value& c : claims.as_array()) st.claims.push_back(load_claim(c, path, id, *variables));
      check_readings(st, table, path);
      check_claim_names(st);
      theory.statements[id] = std::move(st);
    }
  }
  if (!root.contains("schema")) throw TheoryError(path + ":1:1: missing 'schema = 1' at the top of the theory file");
  return theory;
}

std::string default_theory_path() { return std::string(SINKCHECK_SOURCE_DIR) + "/theory/sinkcheck.toml"; }

}  // namespace sinkcheck
