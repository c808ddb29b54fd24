#include <fmt/format.h>

#include <map>
#include <ostream>

#include "cli/commands.hpp"
#include "propositions/registry.hpp"
#include "propositions/smoothing_symbolic.hpp"

namespace sinkcheck {

int symbolic_command(const std::string& theory_path, const std::vector<unsigned>& sizes, std::ostream& out) {
  const Theory theory = load_theory(theory_path, statement_variables());
  bool refuted = false;
  for (unsigned n : sizes) {
    out << "P3 for symbolic " << n << "x" << n << " W, symmetric B and mu; symbols beta, lambda, k\n";
    std::map<SymbolicCheck::Outcome, std::size_t> counts;
    for (const SymbolicCheck& c : smoothing_symbolic_checks(theory, n)) {
      ++counts[c.outcome];
      refuted |= c.outcome == SymbolicCheck::Outcome::NotIdentity;
      out << fmt::format("  {:<16} {}: {}{}\n", to_string(c.outcome), c.subject, c.relation,
                         c.detail.empty() ? "" : " (" + c.detail + ")");
    }
    out << fmt::format("  {0}x{0}: {1} identities, {2} not identities, {3} open, {4} skipped\n", n,
                       counts[SymbolicCheck::Outcome::Identity], counts[SymbolicCheck::Outcome::NotIdentity],
                       counts[SymbolicCheck::Outcome::Open], counts[SymbolicCheck::Outcome::Skipped]);
  }
  return refuted ? 1 : 0;
}

}  // namespace sinkcheck
