#include <fmt/format.h>

#include <sstream>

#include "reports/slack_figure.hpp"
#include "reports/svg.hpp"
#include "reports/writers.hpp"

namespace sinkcheck {

namespace {

std::string escape(const std::string& s) { return xml_escape(s); }

const char* kStyle = R"(
body { font-family: sans-serif; max-width: 1100px; margin: 2em auto; color: #222; line-height: 1.4; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
td.n { text-align: right; }
code, pre { background: #f4f4f4; font-size: 90%; }
pre { padding: 6px; white-space: pre-wrap; word-break: break-all; }
.holds { background: #d9f2d9; } .counterexample { background: #f8d0d0; }
.undecided { background: #fbeec8; } .vacuous { background: #e8e8e8; }
.badge { padding: 1px 6px; border-radius: 3px; font-weight: bold; }
p.caption { font-size: 90%; color: #555; max-width: 700px; }
figure { margin: 1em 0; } figcaption { font-size: 90%; color: #555; max-width: 700px; }
blockquote { border-left: 3px solid #bbb; margin: 0.5em 0; padding-left: 0.8em; color: #444; }
)";

void figures_html(std::ostringstream& h, const std::vector<Figure>& figures) {
  for (const Figure& f : figures) {
    h << "<figure>" << to_svg(f);
    if (!f.caption.empty()) h << "<figcaption>" << escape(f.caption) << "</figcaption>";
    h << "</figure>\n";
  }
}

void case_html(std::ostringstream& h, const CaseRecord& c, const char* what) {
  h << "<h4>" << what << " \"" << escape(c.claim) << "\" (case " << c.case_index << ", case seed " << c.case_seed
    << ")</h4>\n<ul>";
  for (const std::string& blame : c.broken_by) h << "<li><b>" << escape(blame) << "</b></li>";
  if (!c.assume.empty()) h << "<li>assuming <code>" << escape(c.assume) << "</code></li>";
  if (c.found_by == "targeted") h << "<li>found by the targeted search from case " << c.case_index << "</li>";
  h << "<li><code>" << escape(c.relation) << "</code>, " << escape(c.stage);
  if (c.shrink_steps) h << ", after " << c.shrink_steps << " shrink steps";
  h << "</li><li>" << escape(c.evidence) << "</li></ul>\n";
  if (!c.example.empty()) {
    h << "<p>Falsifying example:</p><pre class=\"example\">" << escape(short_inputs(c.inputs)) << "\n";
    for (const std::string& line : falsifying_lines(c)) h << escape(line) << "\n";
    h << "</pre>\n";
  }
  figures_html(h, c.figures);
  h << "<details><summary>exact inputs</summary><pre>" << escape(c.inputs.dump()) << "</pre></details>\n";
}

void statement_html(std::ostringstream& h, const StatementResult& s) {
  if (s.interrupted) h << "<p class=\"undecided\">Interrupted after " << s.cases << " cases.</p>\n";
  h << "<table><tr><th>claim</th><th>holds</th><th>counterexamples</th><th>undecided</th><th>vacuous</th>"
       "<th>closest approach</th></tr>\n";
  for (const ClaimTally& c : s.claims)
    h << "<tr><td>" << escape(c.name) << "<br><code>" << escape(c.text) << "</code></td><td class=\"n\">" << c.holds
      << "</td><td class=\"n\">" << c.counterexamples << "</td><td class=\"n\">" << c.undecided
      << "</td><td class=\"n\">" << c.vacuous << "</td><td>"
      << escape(describe_claim_outcome(c)) << "</td></tr>\n";
  h << "</table>\n<p>Targeted phase: " << escape(describe_targeted(s.targeted)) << ".</p>\n";
  if (const std::optional<Figure> slack = targeted_slack_figure(s)) figures_html(h, {*slack});
  h << "<p>Decided by:";
  for (const auto& [stage, n] : stages_by_precision(s.decided_by)) h << " " << escape(stage) << " " << n << ";";
  h << "</p>\n";
  for (const std::string& note : s.notes) h << "<blockquote>" << escape(note) << "</blockquote>\n";
  for (const Table& t : s.tables) {
    h << "<h4>" << escape(t.title) << "</h4>\n";
    if (!t.caption.empty()) h << "<p class=\"caption\">" << escape(t.caption) << "</p>\n";
    h << "<table><tr>";
    for (const std::string& c : t.columns) h << "<th>" << escape(c) << "</th>";
    h << "</tr>\n";
    for (const auto& row : t.rows) {
      h << "<tr>";
      for (const std::string& cell : row) h << "<td>" << escape(cell) << "</td>";
      h << "</tr>\n";
    }
    h << "</table>\n";
  }
  figures_html(h, s.figures);
  for (const ExampleOutcome& e : s.examples)
    case_html(h, e.record, e.verdict == Verdict::Counterexample ? "Refuted by a stored example:" : "Stored example holds:");
  for (const CaseRecord& c : s.counterexample_cases) case_html(h, c, "Counterexample to");
  for (const CaseRecord& c : s.undecided_cases) case_html(h, c, "Undecided:");
}

}  // namespace

std::string to_html(const RunReport& report) {
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>sinkcheck report</title><style>"
    << kStyle << "</style></head><body>\n";
  h << "<h1>sinkcheck report</h1>\n<p>Seed <code>" << report.seed << "</code>, " << report.cases
    << " cases per statement, theory <code>" << escape(report.theory_path) << "</code> (fingerprint <code>"
    << report.theory_fingerprint << "</code>). Precision: double intervals, then Arb balls at";
  for (unsigned b : report.ladder_bits) h << " " << b;
  h << " bits, and the exact field Q(e<sup>1/D</sup>) where an instance allows.</p>\n";
  if (!report.complete) h << "<p class=\"undecided\"><b>Incomplete run</b>: interrupted before the end.</p>\n";
  h << "<table><tr><th>statement</th><th>verdict</th><th>budget</th><th>cases</th><th>holds</th><th>counterexamples</th>"
       "<th>undecided</th><th>vacuous</th><th>escalated</th></tr>\n";
  for (const StatementResult& s : report.statements) {
    const char* v = to_string(s.verdict());
    h << "<tr><td><a href=\"#" << s.id << "\">" << s.id << "</a> " << escape(s.title) << "</td><td class=\"" << v
      << "\"><span class=\"badge\">" << v << "</span></td>";
    for (std::size_t n : {case_budget(s), s.cases, s.holds, s.counterexamples, s.undecided, s.vacuous, s.escalated})
      h << "<td class=\"n\">" << n << "</td>";
    h << "</tr>\n";
  }
  h << "</table>\n<p class=\"caption\">" << escape(cases_legend()) << ".</p>\n";
  for (const StatementResult& s : report.statements) {
    h << "<h2 id=\"" << s.id << "\">" << s.id << " — " << escape(s.title) << "</h2>\n";
    if (!s.reading.empty()) h << "<p>Reading checked: <b>" << escape(s.reading) << "</b> (selected by the theory file).</p>\n";
    statement_html(h, s);
    for (const StatementResult& other : s.other_readings) {
      const char* v = to_string(other.verdict());
      h << "<h3>Reading \"" << escape(other.reading) << "\" (not selected: reported, never failing the run): <span class=\"badge "
        << v << "\">" << v << "</span></h3>\n";
      statement_html(h, other);
    }
  }
  h << "</body></html>\n";
  return h.str();
}

}  // namespace sinkcheck
