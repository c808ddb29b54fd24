// Every input limit (docs/limits.md): an input beyond it is refused with a
// message that says the limit, before the work or the recursion it would
// cause — the reproducers of the hostile probe among them.
#include <sys/stat.h>
#include <mutex>
#include <string>

#include "cli/commands.hpp"
#include "support.hpp"
#include "verify/exact.hpp"
#include "verify/formula_eval.hpp"
#include "verify/input_limits.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

namespace {

const std::vector<Variable> kVariables = {{"g", false, ""}, {"K", false, ""}};

std::string formula_error(const std::string& text) {
  try {
    Relation::parse(text, kVariables);
  } catch (const FormulaError& e) {
    return e.what();
  }
  return "";
}

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t k = 0; k < n; ++k) out += s;
  return out;
}

std::string theory_error(const std::string& name, const std::string& text) {
  try {
    load(write_temp(name, text));
  } catch (const TheoryError& e) {
    return e.what();
  }
  return "";
}

const std::string kClaimHeader = "schema = 1\n[P2.b]\n[[P2.b.claim]]\nname = \"x\"\n";

}  // namespace

TEST_CASE("deep formulas are refused at the first level beyond the nesting limit") {
  const std::size_t n = 20000;
  for (const std::string& deep : {repeat("(", n) + "g" + repeat(")", n), repeat("-", 37000) + "g",
                                  repeat("exp(", 8500) + "g" + repeat(")", 8500), repeat("g^", 100) + "g"}) {
    const std::string error = formula_error("g <= " + deep.substr(0, 1500));
    INFO(deep.substr(0, 20));
    CHECK(error.find("nested more than 64 levels") != std::string::npos);
  }
  // 64 levels are fine
  CHECK(formula_error("g <= " + repeat("(", 63) + "g" + repeat(")", 63)).empty());
}

TEST_CASE("long formulas are refused at their 1001st node; a chain within the limit evaluates at every stage") {
  CHECK(formula_error("g <= " + repeat("g+", 23000) + "g").find("more than 1000 numbers, names and operations") !=
        std::string::npos);
  // 500 terms, 999 nodes: a left-deep tree of that depth, walked recursively
  const std::string sum = repeat("g+", 499) + "g";
  const Relation r = Relation::parse("K <= " + sum, kVariables);
  Bindings<DoubleInterval> at_double = {{from_rational<DoubleInterval>(1)}, {from_rational<DoubleInterval>(5)}};
  CHECK(ScalarTraits<DoubleInterval>::approx(evaluate(r.rhs(), at_double)) == 500.0);
  auto at_256_bits = [&r](auto scalar_tag) {  // Mpfi and Arb
    using S = decltype(scalar_tag);
    WorkingPrecision precision(256);
    Bindings<S> values = {{from_rational<S>(1)}, {from_rational<S>(5)}};
    return ScalarTraits<S>::approx(evaluate(r.rhs(), values));
  };
  CHECK(at_256_bits(Mpfi()) == 500.0);
  CHECK(at_256_bits(Arb()) == 500.0);
  ExactField field(1);
  Bindings<ExactValue> exact = {{ExactValue(Rational(1))}, {ExactValue(Rational(5))}};
  CHECK(evaluate(r.rhs(), exact).to_rational() == 500);
  // printed, it stays within the limits it was read under
  const std::string printed = Relation::compose(r.lhs(), r.op(), r.rhs());
  CHECK(Relation::compose(Relation::parse(printed, kVariables).lhs(), r.op(), r.rhs()) == printed);
}

TEST_CASE("a formula's printed numbers stay as short as the written ones") {
  const Relation r = Relation::parse("g <= 1e100000 + 1.5e-100000 + 0.25", kVariables);
  const std::string printed = Relation::compose(r.lhs(), r.op(), r.rhs());
  CHECK(printed == "g <= 1e100000 + 3/2e100000 + 1/4");
  const Relation again = Relation::parse(printed, kVariables);
  CHECK(Relation::compose(again.lhs(), again.op(), again.rhs()) == printed);
}

TEST_CASE("a non-ASCII character in a formula is named whole, with its code point") {
  CHECK(formula_error("g <= \xce\xbb").find("unexpected '\xce\xbb' (U+03BB)") != std::string::npos);
  // a stray continuation byte is not a character: shown as a byte
  CHECK(formula_error("g <= \xbb").find("byte 0xBB") != std::string::npos);
  CHECK(formula_error("g \xe2\x89\xa4 K").find("found '\xe2\x89\xa4' (U+2264)") != std::string::npos);
}

TEST_CASE("exact numbers: length, exponent and shape are checked before GMP reads them") {
  CHECK_THROWS_WITH(parse_rational(std::string(limits::number_length + 1, '7')), Catch::Contains("more than the 100000"));
  CHECK_THROWS_WITH(parse_rational("1e100001"), Catch::Contains("exponent out of range"));
  CHECK_THROWS_WITH(parse_rational("1e99999999999999999999999"), Catch::Contains("exponent out of range"));
  CHECK_THROWS(parse_rational("1e 5"));
  CHECK_THROWS(parse_rational("1/2/3"));
  CHECK(parse_rational("2.5e-3") == Rational(1, 400));
  // messages abbreviate what they echo
  CHECK(to_short_string(parse_rational("1e100000")) == "about 1.0000e+100000 (an integer of 100001 digits)");
  CHECK(to_short_string(Rational(-3, 4)) == "-3/4");
}

TEST_CASE("the exact stage refuses a value beyond its budget as not exact, without building it") {
  ExactField field(1);
  const ExactValue one_plus_t = ExactValue(Rational(1)) + exp(ExactValue(Rational(1)));  // 1 + e
  CHECK_THROWS_AS(pow(one_plus_t, 1000000), NotExact);
  CHECK_THROWS_AS(pow(ExactValue(parse_rational("1e100000")), 64), NotExact);
  // within the budget it stays exact
  CHECK(pow(one_plus_t, 20).sign() == 1);
}

TEST_CASE("nested powers of a large constant are not folded into an ever larger constant") {
  const Relation r = Relation::parse("g <= g^(((1e100000^64)^64)^64)", kVariables);
  const Formula& rhs = r.rhs();
  CHECK_FALSE(rhs.constant_value(rhs.nodes()[std::size_t(rhs.root())].right).has_value());
  const Formula small = Relation::parse("g <= 2^64", kVariables).rhs();
  const std::optional<Rational> folded = small.constant_value(small.root());
  REQUIRE(folded.has_value());
  CHECK(*folded == Rational(Integer(1) << 64));
}

TEST_CASE("a relation whose exact value would be huge is left to the interval stages, never built") {
  // Intervals cannot certify x - x == 0 once x overflows; the exact stage
  // would expand (1 + t^(mD))^1000000 term by term without its budget.
  const std::string path = write_temp(
      "huge-power.toml", kClaimHeader + "holds = \"g <= g + (1 + exp(m))^1000000 - (1 + exp(m))^1000000\"\n");
  const StatementResult r = run_statement(load(path), "P2.b", 10, 1, false, 0.0);
  CHECK(r.cases == 10);
  CHECK(r.counterexamples == 0);
}

TEST_CASE("TOML nesting and integers beyond 64 bits are refused before toml11 parses them") {
  const std::string deep = theory_error("deep-array.toml", "schema = 1\nx = " + repeat("[", 100000) + repeat("]", 100000) + "\n");
  CHECK(deep.find(":2:37: arrays and inline tables nested more than 32 levels deep") != std::string::npos);
  const std::string inline_tables = theory_error("deep-inline.toml", "schema = 1\nx = " + repeat("{a=", 100000) + "1" + repeat("}", 100000) + "\n");
  CHECK(inline_tables.find("nested more than 32 levels deep") != std::string::npos);
  const std::string dotted = theory_error("deep-dotted.toml", "schema = 1\n" + repeat("a.", 50000) + "a = 1\n");
  CHECK(dotted.find("dotted key with more than 32 parts") != std::string::npos);
  const std::string header = theory_error("deep-header.toml", "schema = 1\n[" + repeat("a.", 50000) + "a]\n");
  CHECK(header.find("dotted key with more than 32 parts") != std::string::npos);
  const std::string big = theory_error("big-int.toml", "schema = 1\n[P1.domain]\ndim_max = 99999999999999999999\n");
  CHECK(big.find(":3:11: integer 99999999999999999999 does not fit in 64 bits") != std::string::npos);
  CHECK(theory_error("big-binary.toml", "schema = 1\n[P1.domain]\ndim_max = 0b" + repeat("0", 70) + "1\n")
            .find("more than 62 binary digits") != std::string::npos);
  CHECK(theory_error("big-hex.toml", "schema = 1\nx = 0x8000000000000000\n").find("does not fit in 64 bits") !=
        std::string::npos);
  // brackets, dots and digits inside strings and comments are text
  const std::string quiet = kClaimHeader + "holds = \"g <= K\"  # [[[[ 99999999999999999999999\n" +
                            "[P2.domain]\nmargin_max = -9223372036854775808 # too small, but a 64-bit integer\n";
  CHECK(theory_error("strings.toml", quiet).empty());
  CHECK(theory_error("strings2.toml", kClaimHeader + "holds = '''g <= K'''\n[P3.a]\ntitle = \"" + repeat("[a.", 40) + "\"\n[[P3.a.claim]]\nname = \"y\"\nholds = \"D >= 0\"\n").empty());
}

TEST_CASE("bytes that are not UTF-8 are refused before toml11 reads them (its literal-string error path overflowed)") {
  // the fuzzer's finding, as a literal string ('...') with bytes 0xFC
  const std::string error = theory_error("latin1.toml", "schema = 1\n[P2.b]\ntitle = '\xfc\xfc'\n");
  CHECK(error.find(":3:10: byte 0xFC is not UTF-8 text (a TOML file must be UTF-8)") != std::string::npos);
  CHECK(theory_error("overlong.toml", "schema = 1\ntitle = \"\xc0\xaf\"\n").find("byte 0xC0 is not UTF-8") !=
        std::string::npos);
  CHECK(theory_error("surrogate.toml", "schema = 1\ntitle = \"\xed\xa0\x80\"\n").find("byte 0xED is not UTF-8") !=
        std::string::npos);
  // UTF-8 text is fine, in strings and comments
  CHECK(theory_error("utf8.toml", kClaimHeader + "holds = \"g <= K\"  # \xce\xbb \xe2\x89\xa4 \xf0\x9f\x98\x80\n").empty());
}

TEST_CASE("a theory path that is a directory, endless or too large gets a message of its own") {
  auto error_of = [](const std::string& path) {
    try {
      load(path);
    } catch (const TheoryError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(error_of(temp_dir()) == "sinkcheck: theory file " + temp_dir() + ": is a directory, not a file");
  CHECK(error_of("/dev/zero") == "sinkcheck: theory file /dev/zero: is not a regular file (a device): give the path of a file");
  CHECK(error_of(write_temp("too-large.toml", "schema = 1\n" + std::string(limits::theory_file_bytes, '#')))
            .find("larger than the limit") != std::string::npos);
}

TEST_CASE("a domain value too large to print is shown by its magnitude") {
  // the domain is checked when the statement runs
  const Theory theory = load(write_temp("long-domain.toml", "schema = 1\n[P2.domain]\nmargin_max = \"1e100000\"\n" +
                                                                kClaimHeader.substr(11) + "holds = \"g <= K\"\n"));
  try {
    run_statement(theory, "P2.b", 1, 1);
    FAIL("a margin_max of 1e100000 was accepted");
  } catch (const TheoryError& e) {
    // the message stays short; the excerpt under it shows at most a 200-character line and its caret
    const std::string what = e.what();
    CHECK(what.substr(0, what.find('\n')).size() < 200);
    CHECK(what.size() < 700);
    CHECK(std::string(e.what()).find("about 1.0000e+100000 (an integer of 100001 digits) must be a whole number") !=
          std::string::npos);
  }
}

TEST_CASE("every proposition's domain accepts default_cases, and checks it") {
  for (const ModelEntry& model : all_models()) {  // every registered model, P1's to the last
    const std::string& p = model.proposition;
    INFO(model.name);
    const StatementPtr statement = model.statement(StatementInfo{p + ".any", "", "", "", {}, {}});
    const Theory ok = load(write_temp("dc-" + p + ".toml", "schema = 1\n[" + p + ".domain]\ndefault_cases = 7\n"));
    CHECK_NOTHROW(statement->check_domain(ok.domain(p)));
    const Theory bad = load(write_temp("dc0-" + p + ".toml", "schema = 1\n[" + p + ".domain]\ndefault_cases = 0\n"));
    CHECK_THROWS_WITH(statement->check_domain(bad.domain(p)), Catch::Contains("default_cases = 0 must be a whole number in [1, 100000000]"));
  }
  const std::string dir = temp_dir() + "/default-cases-p2";
  const std::string theory = theory_with("dc-run.toml", {table_key("P2.domain", "default_cases", 7)});
  const CliRun r = cli({"check", "P2.a", "--theory", theory, "--targeted", "0", "--report", dir});
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK(nlohmann::json::parse(read_file(dir + "/report.json"))["statements"][0]["cases"] == 7);
}

TEST_CASE("seeds that do not fit 64 bits are refused, not wrapped") {
  for (const std::string seed : {"18446744073709551616", "123456789012345678901234567890", "-1", "1e3", "", " 5"}) {
    INFO(seed);
    const CliRun r = cli({"check", "P2.a", "--cases", "1", "--seed", seed, "--report", temp_dir() + "/unused-seed"});
    CHECK(r.code == 2);
    CHECK(r.err.find("expected a whole number from 0 to 18446744073709551615") != std::string::npos);
  }
  CHECK(parse_seed("18446744073709551615") == 18446744073709551615ull);
  CHECK(parse_seed("007") == 7);
}

TEST_CASE("an unknown command is named, with the commands there are") {
  const CliRun r = cli({"chek", "all"});
  CHECK(r.code == 2);
  CHECK(r.err.find("unknown command 'chek' (commands: list, check, merge, replay, gate, mutate, prove, boundary, symbolic, heads)") !=
        std::string::npos);
}

TEST_CASE("boundary refuses sizes and widths beyond its limits before building anything") {
  struct Case {
    std::vector<std::string> args;
    const char* message;
  };
  const std::vector<Case> cases = {
      {{"--set", "C=1000000"}, "parameter 'C' = 1000000: expected 1 to 12"},
      {{"--set", "C=100"}, "parameter 'C' = 100: expected 1 to 12"},
      {{"--set", "C=12", "--set", "n=8"}, "limited to C n <= 32"},
      {{"--set", "n=1000000000000000000000000"}, "parameter 'n' = 1000000000000000000000000: expected 2 to 8"},
      {{"--width", "1e-10000"}, "narrower than (to - from)/2^40"},
      {{"--set", "kappa=" + std::string(50, '1')}, "longer than the 40 characters"},
      {{"--set", "d=100000"}, "parameter 'd' = 100000"},
      {{"--set", "kappa=1e9"}, "kappa = 1000000000 lies outside [1/1024, 1024]"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"boundary", "P4.U_sink"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    const CliRun r = cli(args);
    INFO(c.args.front() << " " << c.args.back() << ": " << r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find(c.message) != std::string::npos);
  }
}

TEST_CASE("a chain at the node limit is decided on the engine's worker threads too") {
  // Worker threads have smaller stacks than the main thread: the recursion
  // of a 999-node chain must fit there at every stage.
  const std::string chain = repeat("g*0 + ", 249) + "K";  // 999 nodes
  const std::string theory = write_temp("chain.toml", kClaimHeader + "holds = \"K <= " + chain + "\"\n");
  const CliRun r = cli({"check", "P2.b", "--theory", theory, "--cases", "40", "--jobs", "2", "--report",
                        temp_dir() + "/chain-report"});
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK(r.out.find("P2.b     holds") != std::string::npos);
}

TEST_CASE("replay: a number beyond a double in the JSON is refused as invalid JSON (fuzzing found it escaping)") {
  const std::string path = write_temp("overflow.json", "{\"schema\": \"sinkcheck-report/1\", \"statements\": [], \"x\": 1e+3000}");
  const CliRun r = cli({"replay", path});
  CHECK(r.code == 2);
  CHECK(r.err.find(path + ": not valid JSON: [json.exception.out_of_range.406] number overflow") != std::string::npos);
}

TEST_CASE("replay: deep nesting, duplicate keys and oversized instances are refused naming what is wrong") {
  auto replay_error = [](const std::string& name, const std::string& text) {
    const CliRun r = cli({"replay", write_temp(name, text)});
    CHECK(r.code == 2);
    return r.err;
  };
  CHECK(replay_error("deep.json", "{\"schema\":\"sinkcheck-report/1\",\"statements\":" + repeat("[", 100000) +
                                      repeat("]", 100000) + "}")
            .find("nested more than 64 levels deep") != std::string::npos);
  CHECK(replay_error("dup.json", "{\"schema\":\"sinkcheck-report/1\",\"schema\":\"x\",\"statements\":[]}")
            .find("duplicate key \"schema\"") != std::string::npos);
  const std::string report = read_file(std::string(SINKCHECK_SOURCE_ROOT) + "/fuzz/corpus/report/P2.b.json");
  auto edited = nlohmann::json::parse(report);
  auto& inputs = edited["statements"][0]["counterexample_cases"][0]["inputs"];
  inputs["scores"] = std::vector<std::string>(70, "1/3");
  CHECK(replay_error("keys.json", edited.dump()).find("inputs.scores: 70 keys, above the limit of 64 besides the target") !=
        std::string::npos);
  edited = nlohmann::json::parse(report);
  edited["statements"][0]["counterexample_cases"][0]["relation"] = "g <= " + repeat("(", 20000) + "g" + repeat(")", 20000);
  CHECK(replay_error("relation.json", edited.dump()).find("formula nested more than 64 levels deep") != std::string::npos);
  edited = nlohmann::json::parse(report);
  edited["statements"][0]["counterexample_cases"][0]["case"] = 1e300;
  const CliRun float_case = cli({"replay", write_temp("case.json", edited.dump())});
  CHECK(float_case.code == 0);
  CHECK(float_case.out.find("case ? \"gate rate\": counterexample reproduced") != std::string::npos);
}

// Fuzzing found o^11613 taking minutes.
TEST_CASE("exact stage: a chain of products each within its limit is bounded as a whole") {
  // True (an even power): decided by the intervals or left undecided at the
  // cap, never refuted; the exact stage gives up at its evaluation budget
  // instead of squaring on. (The fuzzer's odd power is false where a
  // coordinate of o is negative, and is refuted: also checked.)
  const std::string even = write_temp("chain-power-even.toml", kClaimHeader + "holds = \"g <= g + ((o))^11614\"\n");
  const StatementResult r = run_statement(load(even), "P2.b", 10, 1, false, 0.0);
  CHECK(r.cases == 10);
  CHECK(r.counterexamples == 0);
  const std::string odd = write_temp("chain-power-odd.toml", kClaimHeader + "holds = \"g <= g + ((o))^11613\"\n");
  const StatementResult refuted = run_statement(load(odd), "P2.b", 10, 1, false, 0.0);
  CHECK(refuted.cases == 10);
  CHECK(refuted.counterexamples == 1);
  ExactField field(1);
  const ExactValue x = ExactValue(Rational(1, 3)) + exp(ExactValue(Rational(1))) + exp(ExactValue(Rational(-2)));
  CHECK_THROWS_AS(pow(x, 11613), NotExact);
}

TEST_CASE("a FIFO given as theory, report, heads file or shard is refused at once, never waited on") {
  // Opening a FIFO for reading waits for a writer: every input is checked
  // to be a regular file before anything is read (issue 25).
  const std::string fifo = temp_dir() + "/input.fifo";
  std::filesystem::remove(fifo);
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const std::string refused = fifo + ": is not a regular file (a FIFO)";
  const CliRun theory = cli({"check", "P2.a", "--cases", "1", "--theory", fifo});
  CHECK(theory.code == 2);
  CHECK(theory.err.find("is not a regular file (a FIFO)") != std::string::npos);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"replay", fifo}, {"heads", fifo}, {"merge", fifo, "--report", temp_dir() + "/fifo-out"}}) {
    const CliRun run = cli(args);
    INFO(args.front() << ": " << run.err);
    CHECK(run.code == 2);
    CHECK(run.err.find(refused) != std::string::npos);
  }
  std::filesystem::remove(fifo);
}

TEST_CASE("every model: replay reads its generated cases back, and refuses a damaged one naming the field") {
  // The registry, not a list: a new model's stored cases are covered.
  const Theory theory = load(tests_theory_path());
  for (const StatementPtr& statement : all_statements()) {
    const std::string id = statement->info().id;
    INFO(id);
    const StatementTheory selected = theory.find(id)->selected();
    std::mutex mutex;
    std::vector<nlohmann::json> generated;
    Job job{statement, *theory.find(id), theory.domain(id.substr(0, id.find('.'))), RunOptions{}, std::nullopt};
    job.options.cases = 2;
    job.options.seed = 1;
    job.options.extras = false;
    job.options.targeted_share = 0;
    job.options.observe_instance = [&](const char* source, const nlohmann::json& inputs, bool) {
      std::lock_guard<std::mutex> lock(mutex);
      if (std::string(source) == "generator") generated.push_back(inputs);
    };
    run_jobs({job}, DriverSettings{});
    REQUIRE_FALSE(generated.empty());
    const nlohmann::json inputs = generated.front();
    INFO(inputs.dump());
    CHECK(statement->replay(inputs, selected, PrecisionPolicy()).size() == selected.claims.size());
    CHECK_THROWS_WITH(statement->replay(nlohmann::json::array(), selected, PrecisionPolicy()),
                      Catch::StartsWith("inputs: expected an object"));
    for (const auto& field : inputs.items()) {
      // A field left out or of the wrong type: refused naming it, or (an
      // optional field, a description) read without it.
      nlohmann::json without = inputs, wrong = inputs;
      without.erase(field.key());
      wrong[field.key()] = true;
      for (const nlohmann::json& damaged : {without, wrong}) {
        try {
          (void)statement->replay(damaged, selected, PrecisionPolicy());
        } catch (const std::invalid_argument& e) {
          CHECK_THAT(e.what(), Catch::StartsWith("inputs." + field.key()));
        }
      }
    }
  }
}
