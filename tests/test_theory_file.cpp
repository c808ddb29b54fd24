// The theory file: the shipped theory loads; every error names file:line:column.
#include <algorithm>
#include "support.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

namespace {

std::string load_error(const std::string& path) {
  try {
    load(path);
  } catch (const TheoryError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("the shipped theory defines every registered statement, the tests' theory the tests' own too") {
  const Theory shipped = load(default_theory_path()), tests = load(tests_theory_path());
  std::vector<std::string> tests_own;
  for (const TestProposition& p : test_propositions()) tests_own.insert(tests_own.end(), p.statements.begin(), p.statements.end());
  for (const auto& s : all_statements()) {
    const std::string& id = s->info().id;
    INFO(id);
    const bool own = std::find(tests_own.begin(), tests_own.end(), id) != tests_own.end();
    const Theory& theory = own ? tests : shipped;
    REQUIRE(theory.find(id));
    CHECK_FALSE(theory.find(id)->claims.empty());
    CHECK(bool(shipped.find(id)) != own);
  }
}

TEST_CASE("a TOML syntax error is reported as file:line:column") {
  const std::string path = write_temp("syntax.toml", "schema = 1\n[P2.a\ntitle = \"x\"\n");
  const std::string error = load_error(path);
  CHECK(error.rfind(path + ":2:", 0) == 0);
  CHECK(error.find("TOML syntax") != std::string::npos);
}

TEST_CASE("a formula error points at the column inside the file") {
  const std::string path = write_temp("formula.toml",
                                      "schema = 1\n[P2.b]\n[[P2.b.claim]]\nname = \"rate\"\nholds = \"g <= K*expp(-m)\"\n");
  // the string opens at column 9; 'expp' is its 8th character
  // the message, a suggestion, then the line with a caret under the column
  CHECK(load_error(path) == path + ":5:17: P2.b.claim.holds: unknown function 'expp' (known: exp, log, sqrt, abs, min, max)"
                                   " (did you mean 'exp'?)\n    holds = \"g <= K*expp(-m)\"\n                    ^");
}

TEST_CASE("unknown names, fields and statements are rejected with their location") {
  const std::string name = write_temp("name.toml", "schema = 1\n[P2.b]\n[[P2.b.claim]]\nname = \"r\"\nholds = \"gate <= 1\"\n");
  CHECK(load_error(name).rfind(name + ":5:10: ", 0) == 0);
  CHECK(load_error(name).find("unknown name 'gate'") != std::string::npos);

  const std::string field = write_temp("field.toml", "schema = 1\n[P2.b]\n[[P2.b.claim]]\nname = \"r\"\nhold = \"g <= 1\"\n");
  CHECK(load_error(field).find("unknown field 'hold'") != std::string::npos);
  CHECK(load_error(field).rfind(field + ":5:", 0) == 0);

  const std::string statement = write_temp("statement.toml", "schema = 1\n[P2.z]\ntitle = \"x\"\n");
  CHECK(load_error(statement).find("unknown statement 'P2.z'") != std::string::npos);

  const std::string schema = write_temp("schema.toml", "schema = 2\n");
  CHECK(load_error(schema).rfind(schema + ":1:", 0) == 0);

  const std::string missing = write_temp("missing.toml", "[P2.a]\n[[P2.a.claim]]\nname = \"x\"\nholds = \"g <= 1\"\n");
  CHECK(load_error(missing).find("schema") != std::string::npos);

  CHECK(load_error(temp_dir() + "/does-not-exist.toml").find("cannot open") != std::string::npos);
}

TEST_CASE("two claims with one name in one reading are refused at the second") {
  // Reports and gate key claims by name: the second claim would hide the first.
  const std::string same = write_temp("duplicate.toml",
                                      "schema = 1\n[P2.b]\n[[P2.b.claim]]\nname = \"r\"\nholds = \"g <= 1\"\n"
                                      "[[P2.b.claim]]\nname = \"r\"\nholds = \"g <= 2\"\n");
  CHECK(load_error(same).rfind(same + ":6:1: P2.b: a second claim named 'r' (the first is at " + same + ":3:1)", 0) == 0);

  // An untagged claim is in every reading: it clashes with a tagged one.
  const std::string untagged = write_temp("duplicate-untagged.toml",
                                          "schema = 1\n[P2.b]\nreading = \"x\"\n[[P2.b.claim]]\nname = \"r\"\nholds = \"g <= 1\"\n"
                                          "[[P2.b.claim]]\nname = \"r\"\nreading = \"x\"\nholds = \"g <= 2\"\n");
  CHECK(load_error(untagged).find("a second claim named 'r'") != std::string::npos);

  // Two readings of one claim may share its name (the shipped P4.U_diag does).
  const std::string readings = write_temp("two-readings.toml",
                                          "schema = 1\n[P2.b]\nreading = \"x\"\n[[P2.b.claim]]\nname = \"r\"\nreading = \"x\"\n"
                                          "holds = \"g <= 1\"\n[[P2.b.claim]]\nname = \"r\"\nreading = \"y\"\nholds = \"g <= 2\"\n");
  CHECK(load_error(readings).empty());
}

TEST_CASE("domain parameters are checked where the generator reads them") {
  // P2's margin_max (P1 has one too): the error names the line it stands on.
  const std::string p2_margin = "margin_max = 5000    # largest score margin";
  const std::string shipped = read_file(default_theory_path());
  const auto line = 1 + std::count(shipped.begin(), shipped.begin() + long(shipped.find(p2_margin)), '\n');
  const std::string path = theory_text_variant("domain.toml", {{p2_margin, "margin_max = 10    # largest score margin"}});
  const Theory theory = load(path);
  try {
    run_statement(theory, "P2.b", 1, 1);
    FAIL("expected a domain error");
  } catch (const TheoryError& e) {
    CHECK(std::string(e.what()).find(":" + std::to_string(line) +
                                     ":14: P2.domain.margin_max = 10 must be a whole number in [50, 100000]") !=
          std::string::npos);
  }
  const std::string typo = theory_text_variant("typo.toml", {{p2_margin, "margin_mx = 5000    # largest score margin"}});
  CHECK_THROWS_WITH(run_statement(load(typo), "P2.b", 1, 1), Catch::Contains("unknown parameter 'margin_mx'"));
}
