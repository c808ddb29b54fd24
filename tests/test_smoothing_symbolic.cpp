// P3 symbolically (GiNaC): for symbolic 2x2 and 3x3 matrices the shipped
// equality claims are identities (a proof for those sizes), and a false
// variant is refuted as a non-identity.
#include "cli/commands.hpp"
#include "propositions/smoothing_symbolic.hpp"
#include "support.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

namespace {

const SymbolicCheck* find_check(const std::vector<SymbolicCheck>& checks, const std::string& subject) {
  for (const SymbolicCheck& c : checks)
    if (c.subject == subject) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("P3's equality claims are identities for symbolic 2x2 and 3x3 matrices") {
  const Theory theory = load(default_theory_path());
  for (unsigned n : {2u, 3u}) {
    INFO(n << "x" << n);
    const std::vector<SymbolicCheck> checks = smoothing_symbolic_checks(theory, n);
    std::size_t identities = 0;
    for (const SymbolicCheck& c : checks) {
      INFO(c.subject << ": " << c.relation << " " << c.detail);
      CHECK(c.outcome != SymbolicCheck::Outcome::NotIdentity);
      CHECK(c.outcome != SymbolicCheck::Outcome::Open);
      identities += c.outcome == SymbolicCheck::Outcome::Identity;
    }
    CHECK(identities == 11);  // 2 built-in trace identities, P3.model 3, P3.a 3, P3.e 3
    for (const char* subject : {"built-in", "P3.a \"at every lam\"", "P3.e \"rho' = k N' E||Ybar||^2 / (E||Y_i||^2)^2\""}) {
      const SymbolicCheck* c = find_check(checks, subject);
      REQUIRE(c);
      CHECK(c->outcome == SymbolicCheck::Outcome::Identity);
    }
  }
}

TEST_CASE("a false P3 identity is refuted symbolically; one under an assumption stays open") {
  const std::string path = theory_with(
      "p3-symbolic-false.toml",
      {holds("P3.a", "at lam = 1", "dD1 == -2*beta*trBW"), holds("P3.e", "rho' = k N' E||Ybar||^2 / (E||Y_i||^2)^2", "drho == dN*Ebar/Y2^2")});
  const std::vector<SymbolicCheck> checks = smoothing_symbolic_checks(load(path), 2);
  const SymbolicCheck* dropped = find_check(checks, "P3.a \"at lam = 1\"");
  REQUIRE(dropped);
  CHECK(dropped->outcome == SymbolicCheck::Outcome::NotIdentity);
  const SymbolicCheck* assumed = find_check(checks, "P3.e \"rho' = k N' E||Ybar||^2 / (E||Y_i||^2)^2\"");
  REQUIRE(assumed);
  CHECK(assumed->outcome == SymbolicCheck::Outcome::Open);

  std::ostringstream out;
  CHECK(symbolic_command(path, {2}, out) == 1);
  CHECK(out.str().find("NOT an identity") != std::string::npos);
  std::ostringstream shipped;
  CHECK(symbolic_command(default_theory_path(), {2, 3}, shipped) == 0);
  CHECK(shipped.str().find("3x3: 11 identities, 0 not identities") != std::string::npos);
}
