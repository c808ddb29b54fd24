#include "engine/results_json.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>

#include "engine/json_fields.hpp"

namespace sinkcheck {

namespace {

using nlohmann::json;

// ---- encoding ----------------------------------------------------------

// JSON has no NaN or infinity; pictures may hold them (a log10 weight of an
// exact zero), so they travel as strings.
json number_json(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  return x;
}

json numbers_json(const std::vector<double>& xs) {
  json a = json::array();
  for (double x : xs) a.push_back(number_json(x));
  return a;
}

json figure_json(const Figure& f) {
  json values = json::array();
  for (const auto& row : f.values) values.push_back(numbers_json(row));
  json series = json::array();
  for (const Figure::Series& s : f.series)
    series.push_back({{"name", s.name},
                      {"x", numbers_json(s.x)},
                      {"y", numbers_json(s.y)},
                      {"colour", s.colour},
                      {"markers", s.markers}});
  return {{"kind", f.kind == Figure::Kind::Heatmap ? "heatmap" : "lines"},
          {"title", f.title},
          {"caption", f.caption},
          {"values", values},
          {"row_labels", f.row_labels},
          {"column_labels", f.column_labels},
          {"low", number_json(f.low)},
          {"high", number_json(f.high)},
          {"series", series},
          {"x_label", f.x_label},
          {"y_label", f.y_label}};
}

json figures_json(const std::vector<Figure>& figures) {
  json a = json::array();
  for (const Figure& f : figures) a.push_back(figure_json(f));
  return a;
}

json example_json(const FalsifyingExample& e) {
  json values = json::array();
  for (const FalsifyingExample::Value& v : e.values) values.push_back({{"name", v.name}, {"value", v.value}});
  return {{"values", values}, {"lhs", e.lhs}, {"rhs", e.rhs}};
}

json case_json(const CaseRecord& c, ResultFields fields) {
  json j = {{"case", c.case_index},   {"case_seed", std::to_string(c.case_seed)}, {"claim", c.claim},
            {"assume", c.assume},     {"relation", c.relation},   {"stage", c.stage},
            {"evidence", c.evidence}, {"shrink_steps", c.shrink_steps}, {"inputs", c.inputs},
            {"found_by", c.found_by}};
  if (!c.example.empty()) j["falsifying_example"] = example_json(c.example);
  if (!c.broken_by.empty()) j["broken_by"] = c.broken_by;
  if (fields == ResultFields::All) {
    if (!c.figures.empty()) j["figures"] = figures_json(c.figures);
    if (!c.certificate.is_null()) j["certificate"] = c.certificate;
  }
  return j;
}

json closest_json(const ClosestApproach& c) {
  json j = {{"slack", number_json(c.slack)}, {"found_by", c.found_by}, {"case", c.case_index},
            {"case_seed", std::to_string(c.case_seed)}, {"assume", c.assume}, {"relation", c.relation},
            {"inputs", c.inputs}};
  if (c.ratio) {
    j["ratio"] = number_json(*c.ratio);
    j["ratio_of"] = c.ratio_sides;
  }
  if (!c.inputs_omitted.empty()) j["inputs_omitted"] = c.inputs_omitted;
  return j;
}

json targeted_json(const TargetedSummary& t, ResultFields fields) {
  json j = {{"budget", t.budget},
            {"evaluations", t.evaluations},
            {"searches", t.searches},
            {"cases", t.cases},
            {"counterexamples", t.counterexamples}};
  if (fields == ResultFields::All && !t.traces.empty()) {
    json traces = json::array();
    for (const std::vector<double>& trace : t.traces) traces.push_back(numbers_json(trace));
    j["traces"] = traces;
  }
  return j;
}

json claim_slack_json(const ClaimSlack& s) {
  json j = {{"applies", s.applies},
            {"violation", number_json(s.violation)},
            {"assumption_slack", number_json(s.assumption_slack)},
            {"slack", number_json(s.claim.slack)},
            {"holds", s.claim.holds}};
  if (s.claim.ratio) j["ratio"] = number_json(*s.claim.ratio);
  return j;
}

json search_starts_json(const std::vector<std::vector<SearchStart>>& starts) {
  json a = json::array();
  for (const std::vector<SearchStart>& claim : starts) {
    json kept = json::array();
    for (const SearchStart& s : claim) kept.push_back({{"case", s.case_index}, {"slack", claim_slack_json(s.slack)}});
    a.push_back(kept);
  }
  return a;
}

// ---- decoding ----------------------------------------------------------

using json_fields::array;
using json_fields::count;
using json_fields::fail;
using json_fields::field;
using json_fields::flag;
using json_fields::text;
using json_fields::unsigned_number;

// A 64-bit seed: a decimal string (schema 2: JSON readers in double
// precision misread integers above 2^53), or a number (schema 1).
std::uint64_t seed_from_json(const json& v, const std::string& where) {
  if (!v.is_string()) return unsigned_number(v, where);
  const std::string& digits = v.get_ref<const std::string&>();
  std::uint64_t value = 0;
  if (digits.empty() || digits.size() > 20) fail(where, "expected a seed: decimal digits");
  for (char c : digits) {
    const std::uint64_t digit = std::uint64_t(c - '0');
    if (c < '0' || c > '9' || value > (UINT64_MAX - digit) / 10) fail(where, "expected a seed: decimal digits, below 2^64");
    value = 10 * value + digit;
  }
  return value;
}

std::vector<std::string> texts(const json& v, const std::string& where) {
  if (!v.is_array()) fail(where, "expected an array of strings");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string()) fail(where + "[" + std::to_string(i) + "]", "expected a string");
    out.push_back(v[i].get<std::string>());
  }
  return out;
}

double number(const json& v, const std::string& where) {
  if (v.is_number()) return v.get<double>();
  if (v == "nan") return std::numeric_limits<double>::quiet_NaN();
  if (v == "inf") return std::numeric_limits<double>::infinity();
  if (v == "-inf") return -std::numeric_limits<double>::infinity();
  fail(where, "expected a number");
}

std::vector<double> numbers(const json& v, const std::string& where) {
  if (!v.is_array()) fail(where, "expected an array of numbers");
  std::vector<double> out;
  for (std::size_t i = 0; i < v.size(); ++i) out.push_back(number(v[i], where + "[" + std::to_string(i) + "]"));
  return out;
}

Figure figure_from_json(const json& j, const std::string& where) {
  Figure f;
  const std::string kind = text(j, "kind", where);
  if (kind != "heatmap" && kind != "lines") fail(where + ".kind", "expected \"heatmap\" or \"lines\"");
  f.kind = kind == "heatmap" ? Figure::Kind::Heatmap : Figure::Kind::Lines;
  f.title = text(j, "title", where);
  f.caption = text(j, "caption", where);
  const json& values = array(j, "values", where);
  for (std::size_t r = 0; r < values.size(); ++r)
    f.values.push_back(numbers(values[r], where + ".values[" + std::to_string(r) + "]"));
  f.row_labels = texts(field(j, "row_labels", where), where + ".row_labels");
  f.column_labels = texts(field(j, "column_labels", where), where + ".column_labels");
  f.low = number(field(j, "low", where), where + ".low");
  f.high = number(field(j, "high", where), where + ".high");
  const json& series = array(j, "series", where);
  for (std::size_t s = 0; s < series.size(); ++s) {
    const std::string at = where + ".series[" + std::to_string(s) + "]";
    Figure::Series one;
    one.name = text(series[s], "name", at);
    one.x = numbers(field(series[s], "x", at), at + ".x");
    one.y = numbers(field(series[s], "y", at), at + ".y");
    one.colour = text(series[s], "colour", at);
    one.markers = flag(series[s], "markers", at);
    f.series.push_back(std::move(one));
  }
  f.x_label = text(j, "x_label", where);
  f.y_label = text(j, "y_label", where);
  return f;
}

std::vector<Figure> optional_figures(const json& j, const std::string& where) {
  std::vector<Figure> figures;
  if (!j.contains("figures")) return figures;
  const json& a = array(j, "figures", where);
  for (std::size_t i = 0; i < a.size(); ++i)
    figures.push_back(figure_from_json(a[i], where + ".figures[" + std::to_string(i) + "]"));
  return figures;
}

std::optional<double> optional_number(const json& j, const std::string& key, const std::string& where) {
  if (!j.contains(key)) return std::nullopt;
  return number(j.at(key), where + "." + key);
}

ClosestApproach closest_from_json(const json& j, const std::string& where) {
  if (!j.is_object()) fail(where, "expected an object");
  ClosestApproach c;
  c.seen = true;
  c.slack = number(field(j, "slack", where), where + ".slack");
  c.found_by = text(j, "found_by", where);
  c.case_index = count(j, "case", where);
  c.case_seed = seed_from_json(field(j, "case_seed", where), where + ".case_seed");
  c.assume = text(j, "assume", where);
  c.relation = text(j, "relation", where);
  c.inputs = field(j, "inputs", where);
  c.ratio = optional_number(j, "ratio", where);
  if (c.ratio) c.ratio_sides = text(j, "ratio_of", where);
  if (j.contains("inputs_omitted")) c.inputs_omitted = text(j, "inputs_omitted", where);
  return c;
}

TargetedSummary targeted_from_json(const json& j, const std::string& where) {
  if (!j.is_object()) fail(where, "expected an object");
  TargetedSummary t;
  t.budget = count(j, "budget", where);
  t.evaluations = count(j, "evaluations", where);
  t.searches = count(j, "searches", where);
  t.cases = count(j, "cases", where);
  t.counterexamples = count(j, "counterexamples", where);
  if (j.contains("traces")) {
    const json& traces = array(j, "traces", where);
    for (std::size_t i = 0; i < traces.size(); ++i)
      t.traces.push_back(numbers(traces[i], where + ".traces[" + std::to_string(i) + "]"));
  }
  return t;
}

ClaimSlack claim_slack_from_json(const json& j, const std::string& where) {
  if (!j.is_object()) fail(where, "expected an object");
  ClaimSlack s;
  s.applies = flag(j, "applies", where);
  s.violation = number(field(j, "violation", where), where + ".violation");
  s.assumption_slack = number(field(j, "assumption_slack", where), where + ".assumption_slack");
  s.claim.slack = number(field(j, "slack", where), where + ".slack");
  s.claim.holds = flag(j, "holds", where);
  s.claim.ratio = optional_number(j, "ratio", where);
  return s;
}

std::vector<std::vector<SearchStart>> search_starts_from_json(const json& j, const std::string& where) {
  if (!j.is_array()) fail(where, "expected an array");
  std::vector<std::vector<SearchStart>> starts;
  for (std::size_t c = 0; c < j.size(); ++c) {
    const std::string at = where + "[" + std::to_string(c) + "]";
    if (!j[c].is_array()) fail(at, "expected an array");
    std::vector<SearchStart> kept;
    for (std::size_t k = 0; k < j[c].size(); ++k) {
      const std::string here = at + "[" + std::to_string(k) + "]";
      if (!j[c][k].is_object()) fail(here, "expected an object");
      kept.push_back({count(j[c][k], "case", here), claim_slack_from_json(field(j[c][k], "slack", here), here + ".slack")});
    }
    starts.push_back(std::move(kept));
  }
  return starts;
}

FalsifyingExample example_from_json(const json& j, const std::string& where) {
  if (!j.is_object()) fail(where, "expected an object");
  FalsifyingExample e;
  const json& values = array(j, "values", where);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string at = where + ".values[" + std::to_string(i) + "]";
    e.values.push_back({text(values[i], "name", at), text(values[i], "value", at)});
  }
  e.lhs = text(j, "lhs", where);
  e.rhs = text(j, "rhs", where);
  return e;
}

CaseRecord case_from_json(const json& j, const std::string& where) {
  CaseRecord c;
  c.case_index = count(j, "case", where);
  c.case_seed = seed_from_json(field(j, "case_seed", where), where + ".case_seed");
  c.claim = text(j, "claim", where);
  c.assume = text(j, "assume", where);
  c.relation = text(j, "relation", where);
  c.stage = text(j, "stage", where);
  c.evidence = text(j, "evidence", where);
  c.shrink_steps = count(j, "shrink_steps", where);
  c.inputs = field(j, "inputs", where);
  c.figures = optional_figures(j, where);
  if (j.contains("certificate")) c.certificate = j.at("certificate");
  if (j.contains("found_by")) c.found_by = text(j, "found_by", where);
  if (j.contains("falsifying_example"))
    c.example = example_from_json(j.at("falsifying_example"), where + ".falsifying_example");
  if (j.contains("broken_by")) c.broken_by = texts(j.at("broken_by"), where + ".broken_by");
  return c;
}

Verdict verdict_from_text(const std::string& text, const std::string& where) {
  for (Verdict v : {Verdict::Holds, Verdict::Counterexample, Verdict::Undecided, Verdict::Vacuous})
    if (text == to_string(v)) return v;
  fail(where, "expected holds, counterexample, undecided or vacuous");
}

std::vector<CaseRecord> cases_from_json(const json& j, const std::string& key, const std::string& where) {
  std::vector<CaseRecord> out;
  const json& a = array(j, key, where);
  for (std::size_t i = 0; i < a.size(); ++i)
    out.push_back(case_from_json(a[i], where + "." + key + "[" + std::to_string(i) + "]"));
  return out;
}

}  // namespace

nlohmann::json statement_to_json(const StatementResult& s, ResultFields fields) {
  json claims = json::array();
  for (const ClaimTally& c : s.claims) {
    claims.push_back({{"name", c.name},
                      {"claim", c.text},
                      {"holds", c.holds},
                      {"counterexamples", c.counterexamples},
                      {"undecided", c.undecided},
                      {"vacuous", c.vacuous}});
    if (c.closest.seen) claims.back()["closest_approach"] = closest_json(c.closest);
    if (c.proved()) claims.back()["proved"] = {{"scope", c.proof_scope}};
  }
  json counterexamples = json::array(), undecided = json::array();
  for (const CaseRecord& c : s.counterexample_cases) counterexamples.push_back(case_json(c, fields));
  for (const CaseRecord& c : s.undecided_cases) undecided.push_back(case_json(c, fields));
  json j = {{"id", s.id},
            {"title", s.title},
            {"verdict", to_string(s.verdict())},
            {"cases", s.cases},
            {"interrupted", s.interrupted},
            {"holds", s.holds},
            {"counterexamples", s.counterexamples},
            {"undecided", s.undecided},
            {"vacuous", s.vacuous},
            {"escalated", s.escalated},
            {"decided_by", s.decided_by},
            {"claims", claims},
            {"counterexample_cases", counterexamples},
            {"undecided_cases", undecided},
            {"targeted", targeted_json(s.targeted, fields)},
            {"notes", s.notes}};
  if (!s.examples.empty()) {
    j["examples"] = json::array();
    for (const ExampleOutcome& e : s.examples) {
      json one = case_json(e.record, fields);
      one["source"] = e.source;
      one["verdict"] = to_string(e.verdict);
      j["examples"].push_back(std::move(one));
    }
  }
  if (!s.tables.empty()) {
    j["tables"] = json::array();
    for (const Table& t : s.tables)
      j["tables"].push_back({{"title", t.title}, {"caption", t.caption}, {"columns", t.columns}, {"rows", t.rows}});
  }
  if (fields == ResultFields::All) {
    if (!s.figures.empty()) j["figures"] = figures_json(s.figures);
    if (!s.case_certificates.empty()) j["case_certificates"] = s.case_certificates;
    if (!s.statement_certificates.empty()) j["statement_certificates"] = s.statement_certificates;
    if (!s.search_starts.empty()) j["search_starts"] = search_starts_json(s.search_starts);
  }
  // Only statements with readings carry these keys.
  if (!s.reading.empty()) j["reading"] = s.reading;
  if (!s.other_readings.empty()) {
    j["other_readings"] = json::array();
    for (const StatementResult& other : s.other_readings) j["other_readings"].push_back(statement_to_json(other, fields));
  }
  return j;
}

StatementResult statement_from_json(const nlohmann::json& j, const std::string& where) {
  StatementResult s;
  s.id = text(j, "id", where);
  s.title = text(j, "title", where);
  s.cases = count(j, "cases", where);
  s.interrupted = flag(j, "interrupted", where);
  s.holds = count(j, "holds", where);
  s.counterexamples = count(j, "counterexamples", where);
  s.undecided = count(j, "undecided", where);
  s.vacuous = count(j, "vacuous", where);
  s.escalated = count(j, "escalated", where);
  const json& decided_by = field(j, "decided_by", where);
  if (!decided_by.is_object()) fail(where + ".decided_by", "expected an object");
  for (const auto& [stage, n] : decided_by.items())
    s.decided_by[stage] = std::size_t(unsigned_number(n, where + ".decided_by." + stage));
  const json& claims = array(j, "claims", where);
  for (std::size_t i = 0; i < claims.size(); ++i) {
    const std::string at = where + ".claims[" + std::to_string(i) + "]";
    ClaimTally t;
    t.name = text(claims[i], "name", at);
    t.text = text(claims[i], "claim", at);
    t.holds = count(claims[i], "holds", at);
    t.counterexamples = count(claims[i], "counterexamples", at);
    t.undecided = count(claims[i], "undecided", at);
    t.vacuous = count(claims[i], "vacuous", at);
    if (claims[i].contains("closest_approach"))
      t.closest = closest_from_json(claims[i].at("closest_approach"), at + ".closest_approach");
    if (claims[i].contains("proved")) t.proof_scope = text(claims[i].at("proved"), "scope", at + ".proved");
    s.claims.push_back(std::move(t));
  }
  s.counterexample_cases = cases_from_json(j, "counterexample_cases", where);
  s.undecided_cases = cases_from_json(j, "undecided_cases", where);
  s.notes = texts(field(j, "notes", where), where + ".notes");
  if (j.contains("targeted")) s.targeted = targeted_from_json(j.at("targeted"), where + ".targeted");
  if (j.contains("examples")) {
    const json& examples = array(j, "examples", where);
    for (std::size_t i = 0; i < examples.size(); ++i) {
      const std::string at = where + ".examples[" + std::to_string(i) + "]";
      ExampleOutcome e;
      e.record = case_from_json(examples[i], at);
      e.source = text(examples[i], "source", at);
      e.verdict = verdict_from_text(text(examples[i], "verdict", at), at + ".verdict");
      s.examples.push_back(std::move(e));
    }
  }
  if (j.contains("search_starts"))
    s.search_starts = search_starts_from_json(j.at("search_starts"), where + ".search_starts");
  if (j.contains("tables")) {
    const json& tables = array(j, "tables", where);
    for (std::size_t i = 0; i < tables.size(); ++i) {
      const std::string at = where + ".tables[" + std::to_string(i) + "]";
      Table t;
      t.title = text(tables[i], "title", at);
      t.caption = text(tables[i], "caption", at);
      t.columns = texts(field(tables[i], "columns", at), at + ".columns");
      const json& rows = array(tables[i], "rows", at);
      for (std::size_t r = 0; r < rows.size(); ++r)
        t.rows.push_back(texts(rows[r], at + ".rows[" + std::to_string(r) + "]"));
      s.tables.push_back(std::move(t));
    }
  }
  s.figures = optional_figures(j, where);
  for (const char* key : {"case_certificates", "statement_certificates"})
    if (j.contains(key)) {
      if (!j.at(key).is_array()) fail(where + "." + key, "expected an array");
      (std::string(key) == "case_certificates" ? s.case_certificates : s.statement_certificates) = j.at(key);
    }
  if (j.contains("reading")) s.reading = text(j, "reading", where);
  if (j.contains("other_readings")) {
    const json& others = array(j, "other_readings", where);
    for (std::size_t i = 0; i < others.size(); ++i)
      s.other_readings.push_back(statement_from_json(others[i], where + ".other_readings[" + std::to_string(i) + "]"));
  }
  // The verdict is derived from the tallies; a file whose verdict disagrees
  // with them was edited or damaged.
  if (text(j, "verdict", where) != to_string(s.verdict()))
    fail(where + ".verdict", "\"" + text(j, "verdict", where) + "\" does not match the tallies (" +
                                 to_string(s.verdict()) + ")");
  return s;
}

}  // namespace sinkcheck
