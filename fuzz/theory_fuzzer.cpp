// The theory loader: TOML text through the guard, toml11 and our schema,
// then every domain table through the generators' parameter checks.
#include "harness.hpp"
#include "propositions/registry.hpp"
#include "theory/theory_file.hpp"

using namespace sinkcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const Theory theory = parse_theory(fuzz::text_of(data, size), "fuzz.toml", statement_variables());
    for (const StatementPtr& statement : all_statements()) {
      const std::string& id = statement->info().id;
      const std::string proposition = id.substr(0, id.find('.'));
      if (theory.domains.count(proposition)) statement->check_domain(theory.domain(proposition));
    }
  } catch (const TheoryError&) {
    return 0;  // file:line:column: message, exit 2
  }
  return 0;
}
