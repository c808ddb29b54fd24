#include "engine/statement.hpp"

namespace sinkcheck {

StatementResult Statement::run(const StatementTheory& theory, const DomainTable& domain,
                               const RunOptions& options) const {
  return finish(theory, domain, options, run_cases(theory, domain, options, {0, options.random_cases()}));
}

}  // namespace sinkcheck
