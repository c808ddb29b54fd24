#include "reports/shard_merge.hpp"

#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "engine/statement_ledger.hpp"

namespace sinkcheck {

namespace {

std::string name(const ShardInput& s) { return s.source + " (shard " + s.file.shard.str() + ")"; }

template <class T>
std::string shown(const T& value) {
  std::ostringstream os;
  os << value;
  return os.str();
}

std::string shown(bool b) { return b ? "on" : "off"; }

std::string shown(const std::vector<unsigned>& bits) {
  std::string s;
  for (unsigned b : bits) s += (s.empty() ? "" : ",") + std::to_string(b);
  return "[" + s + "]";
}

std::string shown(const std::vector<std::string>& ids) {
  std::string s;
  for (const std::string& id : ids) s += (s.empty() ? "" : " ") + id;
  return s;
}

// One setting every shard of a run shares.
template <class T>
void require_same(const ShardInput& shard, const ShardInput& first, const char* what, const T& mine, const T& theirs) {
  if (mine == theirs) return;
  throw std::invalid_argument(name(shard) + " has " + what + " " + shown(mine) + ", but " + name(first) + " has " +
                              what + " " + shown(theirs) + ": they are not shards of one run");
}

void require_parts_fit(const ShardInput& s) {
  const ShardFile& f = s.file;
  if (f.parts.size() != f.selected.size())
    throw std::invalid_argument(name(s) + " holds " + std::to_string(f.parts.size()) + " statements of " +
                                std::to_string(f.selected.size()) + ": the record is damaged");
  for (std::size_t i = 0; i < f.parts.size(); ++i) {
    const ShardPart& p = f.parts[i];
    const CaseRange expected = shard_range(f.shard, p.random_cases);
    if (p.result.id != f.selected[i] || p.random_cases > p.run_cases || p.range.first != expected.first || p.range.end != expected.end ||
        p.result.cases != p.range.end - p.range.first || p.result.cases > p.random_cases)
      throw std::invalid_argument(name(s) + ": statement " + p.result.id + " covers cases [" +
                                  std::to_string(p.range.first) + ", " + std::to_string(p.range.end) + ") with " +
                                  std::to_string(p.result.cases) + " run, where shard " + f.shard.str() +
                                  " of a run of " + std::to_string(p.run_cases) + " cases covers [" +
                                  std::to_string(expected.first) + ", " + std::to_string(expected.end) +
                                  "): the record is damaged");
    // A complete shard finished every part: an interrupted one inside it
    // would merge into a report that says "complete" over missing cases.
    if (p.result.interrupted)
      throw std::invalid_argument(name(s) + ": statement " + p.result.id +
                                  " is marked interrupted inside a complete shard: the record is damaged");
    for (const StatementResult& other : p.result.other_readings)
      if (other.interrupted)
        throw std::invalid_argument(name(s) + ": statement " + p.result.id + " (reading '" + other.reading +
                                    "') is marked interrupted inside a complete shard: the record is damaged");
  }
}

}  // namespace

RunReport merge_shards(const std::vector<ShardInput>& shards) {
  if (shards.empty()) throw std::invalid_argument("merge: no shards given");
  const ShardInput& first = shards.front();
  for (const ShardInput& s : shards) {
    const ShardFile& f = s.file;
    if (!f.run.complete)
      throw std::invalid_argument(name(s) + " is incomplete (interrupted, failed or still running): run shard " +
                                  f.shard.str() + " again, then merge");
    const ShardFile& g = first.file;
    require_same(s, first, "sinkcheck version", f.run.tool_version, g.run.tool_version);
    require_same(s, first, "theory fingerprint", f.run.theory_fingerprint, g.run.theory_fingerprint);
    require_same(s, first, "theory path", f.run.theory_path, g.run.theory_path);
    require_same(s, first, "seed", f.run.seed, g.run.seed);
    require_same(s, first, "case budget (--cases)", f.run.cases, g.run.cases);
    require_same(s, first, "precision ladder (--max-bits)", f.run.ladder_bits, g.run.ladder_bits);
    require_same(s, first, "targeted share (--targeted)", f.run.targeted_share, g.run.targeted_share);
    require_same(s, first, "shard count N", f.shard.count, g.shard.count);
    require_same(s, first, "statements", f.selected, g.selected);
    require_same(s, first, "counterexamples kept", f.counterexamples_kept, g.counterexamples_kept);
    require_same(s, first, "--certificates", f.certificates, g.certificates);
    require_parts_fit(s);
  }

  // Every index 1 … N exactly once.
  const std::size_t n = first.file.shard.count;
  std::map<std::size_t, const ShardInput*> by_index;
  for (const ShardInput& s : shards) {
    const auto [at, inserted] = by_index.emplace(s.file.shard.index, &s);
    if (!inserted)
      throw std::invalid_argument(s.source + " and " + at->second->source + " are both shard " + s.file.shard.str() +
                                  ": each shard must be given once");
  }
  if (by_index.size() != n) {
    std::string missing, given;
    for (std::size_t i = 1; i <= n; ++i) (by_index.count(i) ? given : missing) += (std::to_string(i) + " ");
    missing.pop_back();
    given.pop_back();
    throw std::invalid_argument("shard" + std::string(missing.find(' ') == std::string::npos ? " " : "s ") +
                                missing + " of " + std::to_string(n) + " missing (given: " + given +
                                "): merge needs all " + std::to_string(n));
  }

  RunReport report = first.file.run;
  report.statements.clear();
  for (std::size_t k = 0; k < first.file.selected.size(); ++k) {
    std::optional<StatementLedger> merged;
    for (const auto& [index, shard] : by_index) {
      require_same(*shard, first, ("run cases of " + first.file.selected[k]).c_str(), shard->file.parts[k].run_cases,
                   first.file.parts[k].run_cases);
      require_same(*shard, first, ("random cases of " + first.file.selected[k]).c_str(),
                   shard->file.parts[k].random_cases, first.file.parts[k].random_cases);
      const StatementLedger part = StatementLedger::from_part(shard->file.parts[k].result);
      if (merged)
        merged->merge(part);
      else
        merged = part;
    }
    report.statements.push_back(merged->part());
  }
  report.complete = true;
  return report;
}

}  // namespace sinkcheck
