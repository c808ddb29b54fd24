#include "cli/app.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <limits>

#include "cli/commands.hpp"

namespace sinkcheck {

namespace {

constexpr const char* kVersion = "0.1.0";

constexpr const char* kExitCodes =
    "Exit codes: 0 no counterexample (gate: the edit broke nothing; replay --theory: every stored counterexample "
    "is fixed); 1 a counterexample (or, with --strict, an undecided case); 2 a usage or input error (the message "
    "names the file, line and column, or the option); 130 interrupted (a partial report is written).";

// "--jobs": threads of the engine; 0 (the default) is one per core.
void add_jobs_option(CLI::App* command, unsigned& jobs) {
  command->add_option("--jobs,-j", jobs, "threads (default: one per core); the report is the same for any number")
      ->check(CLI::Range(0u, 1024u));
}

// "--time 10m": a duration in seconds (s), minutes (m) or hours (h); a bare
// number is seconds.
double parse_duration(const std::string& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  const std::string unit = text.substr(used);
  const double scale = unit.empty() || unit == "s" ? 1 : unit == "m" ? 60 : unit == "h" ? 3600 : 0;
  if (used == 0 || scale == 0 || !(value > 0) || value * scale > 366.0 * 24 * 3600)
    throw UsageError("--time " + text + ": expected a duration such as 90s, 10m or 2h (at most a year)");
  return value * scale;
}

// The options every checking command shares. The seed is read as text and
// parsed by parse_seed: CLI11 would turn 2^64 and -1 into 2^64 - 1 silently.
void add_check_options(CLI::App* command, CheckSettings& settings, std::string& theory_path, std::string& seed_text,
                       std::string& targeted) {
  add_jobs_option(command, settings.jobs);
  command->add_option("--cases", settings.cases, "cases per statement (default 1000)")->check(CLI::Range(1, 100000000));
  command->add_option("--seed", seed_text, "run seed, 0 to 18446744073709551615; the same seed gives the same report");
  command->add_option("--theory", theory_path, "theory file (TOML); default: the shipped theory");
  command->add_option("--report", settings.report_dir, "folder for the report files (default: sinkcheck-report)");
  command->add_option("--max-bits", settings.max_bits, "precision cap of the interval ladder (default 32768)")
      ->check(CLI::Range(128u, 1u << 20));
  command->add_flag("-v,--verbose", settings.verbose,
                    "more detail: each claim's closest approach, the readings not selected, the examples that held");
  command->add_option("--junit", settings.junit_path,
                      "also write JUnit XML to this file: one testcase per claim, failures with the falsifying example");
  command->add_option("--targeted", targeted,
                      "share of the cases given to the targeted search toward each claim's failure "
                      "(default 1/3; 0 turns it off, at most 9/10)");
}

// "--targeted 1/3": an exact number in [0, 9/10].
double parse_targeted_share(const std::string& text) {
  Rational share;
  try {
    share = parse_rational(text);
  } catch (const std::invalid_argument&) {
    throw UsageError("--targeted " + text + ": expected a share such as 1/3, 0.25 or 0");
  }
  if (share < 0 || share > Rational(9, 10)) throw UsageError("--targeted " + text + ": the share must lie in [0, 9/10]");
  return to_double(share);
}

}  // namespace

std::uint64_t parse_seed(const std::string& text) {
  const std::string message = "--seed " + abbreviated(text) + ": expected a whole number from 0 to 18446744073709551615";
  if (text.empty()) throw UsageError(message);
  std::uint64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') throw UsageError(message);
    const std::uint64_t digit = std::uint64_t(c - '0');
    if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) throw UsageError(message);
    value = 10 * value + digit;
  }
  return value;
}

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"sinkcheck: a proof-regression suite for attention sinks and diagonal patterns"};
  app.require_subcommand(1);
  app.set_version_flag("--version", kVersion);

  CheckSettings settings;
  std::string theory_path = default_theory_path();
  std::string seed_text;
  std::vector<std::string> patterns;
  std::string targeted;  // --targeted, parsed once the command is known

  // Every option's default in --help, and every command's exit codes.
  app.option_defaults()->always_capture_default();
  app.footer(kExitCodes);

  CLI::App* list = app.add_subcommand("list", "print the statement ids");
  bool show_variables = false, show_models = false;
  std::vector<std::string> list_patterns;
  list->add_option("statements", list_patterns, "only these ids or glob patterns (default: all)");
  list->add_flag("--variables", show_variables, "also list each statement's (or model's) quantities");
  list->add_flag("--models", show_models,
                 "list the models instead, each with the statements over it (those the theory declares too)");
  list->add_option("--theory", theory_path, "theory file whose declared statements --models lists; default: the shipped theory");
  list->footer("Exit codes: 0 listed; 2 no statement matches a pattern.");

  CLI::App* check = app.add_subcommand("check", "check statements against the theory file");
  check->footer(kExitCodes);
  check->add_option("statements", patterns, "ids or glob patterns (P2.b, 'P2.*', all)")->required();
  add_check_options(check, settings, theory_path, seed_text, targeted);
  check->add_flag("--strict", settings.strict, "fail on undecided cases too");
  check->add_option("--database", settings.database_dir,
                    "example database folder: counterexamples found are kept there and decided first by the next "
                    "run with this flag (default: none, and the run is reproducible byte for byte)");
  check->add_flag("--prove", settings.prove,
                  "claims proved by an earlier `sinkcheck prove` (its proof cache) are shown proved and not sampled");
  check->add_flag("--certificates", settings.certificates,
                  "also write certificates.json: the exact certificates behind the verdicts (P1, P4)");
  std::string time_budget;
  check->add_option("--time", time_budget,
                    "run cases until this much time is spent (e.g. 10m), shared by the statements; "
                    "the report records the cases reached (use --cases for a reproducible report)");
  std::string shard;
  check->add_option("--shard", shard,
                    "I/N: run the I-th of N parts of every statement's cases and write shard.json to --report; "
                    "`sinkcheck merge` joins the N shards into the one-run report");

  CLI::App* merge = app.add_subcommand("merge", "join the shards of one run (check --shard I/N) into its report");
  merge->footer(kExitCodes);
  std::vector<std::string> shard_dirs;
  merge->add_option("shards", shard_dirs, "the --report folders of the N shards, in any order")->required();
  merge->add_option("--report", settings.report_dir, "folder for the merged report");
  merge->add_flag("--strict", settings.strict, "fail on undecided cases too");
  std::string merge_theory;
  merge->add_option("--theory", merge_theory,
                    "the theory file the shards ran (default: the path they recorded); the targeted phase runs here");
  add_jobs_option(merge, settings.jobs);
  merge->add_flag("-v,--verbose", settings.verbose, "more detail, as for check");

  CLI::App* replay = app.add_subcommand("replay", "re-run every counterexample of a report from its exact inputs");
  replay->footer(kExitCodes);
  std::string replay_path;
  replay->add_option("report", replay_path, "report.json")->required();
  replay->add_option("--max-bits", settings.max_bits, "precision cap of the interval ladder")
      ->check(CLI::Range(128u, 1u << 20));
  add_jobs_option(replay, settings.jobs);
  ReplaySettings replay_settings;
  replay->add_option("--theory", replay_settings.theory_path,
                     "re-decide each counterexample under this theory file's claim of the same name: exit 1 if any "
                     "still fails, 0 if none does (default: the claims the report stores)");
  replay->add_option("--junit", replay_settings.junit_path, "also write JUnit XML to this file");

  CLI::App* gate = app.add_subcommand("gate", "CI gate for a theory edit: check what it touches, fail if any is false");
  gate->footer(kExitCodes);
  std::string base_path;
  add_check_options(gate, settings, theory_path, seed_text, targeted);
  gate->add_option("--base", base_path, "the theory before the edit; without it every statement is checked");
  gate->add_flag("--strict", settings.strict, "fail on undecided cases too");
  gate->add_option("--database", settings.database_dir,
                   "example database folder, as for check (default: none)");

  CLI::App* mutate = app.add_subcommand("mutate", "refute automatic false variants of the theory; report the score");
  mutate->footer("Exit codes: 0 the score was computed (survivors do not fail the run); 2 a usage or input error.");
  mutate->add_option("statements", patterns, "ids or glob patterns (default: all)");
  add_check_options(mutate, settings, theory_path, seed_text, targeted);
  mutate->add_flag_callback("--no-prove", [&settings] { settings.prove_survivors = false; },
                            "do not try to prove survivors with Coq (each survivor then counts as open)");

  CLI::App* prove = app.add_subcommand(
      "prove", "prove claims for every instance of their domain (Coq), or refute them by sampling");
  prove->add_option("statements", patterns, "ids or glob patterns (default: all)");
  add_check_options(prove, settings, theory_path, seed_text, targeted);

  CLI::App* boundary = app.add_subcommand(
      "boundary", "certified bracket of the parameter value below which a claim fails (P4's upper bounds: lambda), or above which it fails (P4's lower bounds)");
  boundary->footer("Exit codes: 0 a bracket was found; 1 no threshold in the range scanned; 2 a usage or input error.");
  BoundarySettings boundary_settings;
  boundary->add_option("statement", boundary_settings.statement_id, "statement id, e.g. P4.U_sink")->required();
  boundary->add_option("--param", boundary_settings.param, "the parameter to move (default lambda)");
  boundary->add_option("--set", boundary_settings.set, "fixed parameters, e.g. --set C=3 --set n=2");
  boundary->add_option("--claim", boundary_settings.claim, "claim name (default: the first claim on a construction's cost)");
  boundary->add_option("--from", boundary_settings.from, "low end of the scan (default 1/64)");
  boundary->add_option("--to", boundary_settings.to, "high end of the scan (default 4)");
  boundary->add_option("--width", boundary_settings.width, "bracket width (default 1/10000)");
  boundary->add_option("--prove", boundary_settings.prove_dir,
                       "prove the bracket in Coq (fails at its low end, holds from its high end): DIR/coq/, DIR/proofs.json");
  boundary->add_option("--theory", theory_path, "theory file (TOML); default: the shipped theory");
  add_jobs_option(boundary, boundary_settings.jobs);

  CLI::App* symbolic = app.add_subcommand(
      "symbolic", "prove P3's equality claims as identities for symbolic matrices (GiNaC)");
  symbolic->footer("Exit codes: 0 no claim refuted; 1 a claim refuted; 2 a usage or input error.");
  std::vector<unsigned> sizes{2, 3};
  symbolic->add_option("--sizes", sizes, "matrix sizes, e.g. 2,3")->delimiter(',')->check(CLI::Range(1u, 6u));
  symbolic->add_option("--theory", theory_path, "theory file (TOML); default: the shipped theory");

  CLI::App* heads = app.add_subcommand(
      "heads", "classify measured heads (beta, B, W) red / blue / grey as in the paper's Figure 8, with certified signs");
  heads->footer("Exit codes: 0 the heads were classified (undecided ones are counted, not failed); 2 a usage or input error.");
  std::string heads_path;
  bool no_exact = false;
  heads->add_option("file", heads_path, "safetensors file with beta [H], B [H, d, d], W [H, d, d]")->required();
  heads->add_option("--max-bits", settings.max_bits, "precision cap of the interval ladder")
      ->check(CLI::Range(128u, 1u << 20));
  heads->add_flag("--no-exact", no_exact, "no exact stage: signs the intervals cannot tell stay undecided");
  bool heads_json = false;
  heads->add_flag("--json", heads_json, "print the classes as JSON (schema sinkcheck-heads/1) instead of the table");

  // A misspelt command: CLI11 alone would only say that one is required.
  if (argc > 1 && argv[1][0] != '-' && app.get_subcommands([&](const CLI::App* c) { return c->check_name(argv[1]); }).empty()) {
    std::string names;
    for (const CLI::App* c : app.get_subcommands([](const CLI::App*) { return true; }))
      names += (names.empty() ? "" : ", ") + c->get_name();
    err << "sinkcheck: unknown command '" << argv[1] << "' (commands: " << names << ")\n";
    return 2;
  }

  try {
    app.parse(argc, argv);
    for (CLI::App* command : {check, gate, mutate, prove})
      if (command->parsed() && command->get_option("--seed")->count() > 0) settings.seed = parse_seed(seed_text);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return 0;
  } catch (const CLI::CallForVersion&) {
    out << kVersion << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    err << "sinkcheck: " << e.what() << "\n";
    return 2;
  } catch (const UsageError& e) {
    err << "sinkcheck: " << e.what() << "\n";
    return 2;
  }

  try {
    if (list->parsed()) {
      auto print_variables = [&](const std::vector<Variable>& variables) {
        if (show_variables)
          for (const Variable& v : variables)
            out << "    " << v.name << (v.is_vector ? " (vector)" : "") << ": " << v.meaning << "\n";
      };
      if (show_models) {
        const Theory theory = load_theory_file(theory_path);
        for (const ModelEntry& model : all_models()) {
          out << model.name << ":";
          for (const std::string& id : statements_over(model, &theory)) out << " " << id;
          out << "\n";
          print_variables(model.variables);
        }
        return 0;
      }
      for (const auto& s : list_patterns.empty() ? all_statements() : select_statements(list_patterns)) {
        out << s->info().id << "  " << s->info().title << "  [" << s->info().provenance << "]\n";
        print_variables(s->info().variables);
      }
      return 0;
    }
    for (CLI::App* command : {check, gate, mutate, prove})
      if (command->parsed() && command->get_option("--cases")->count() > 0) settings.cases_given = true;
    if (!targeted.empty()) settings.targeted_share = parse_targeted_share(targeted);
    if (boundary->parsed()) return boundary_command(boundary_settings, theory_path, out);
    if (check->parsed()) {
      if (check->get_option("--time")->count() > 0) {  // `--time ''` too: refused, not ignored
        if (settings.cases_given) throw UsageError("--time and --cases exclude each other");
        settings.time_seconds = parse_duration(time_budget);
      }
      if (!shard.empty()) {
        if (settings.time_seconds) throw UsageError("--shard needs a case budget: shards of a --time run would not fit together");
        settings.shard = parse_shard(shard);
        if (settings.prove) throw UsageError("--shard and --prove exclude each other: a shard's record has no proofs");
      }
      return check_command(patterns, theory_path, settings, out, err);
    }
    if (merge->parsed()) return merge_command(shard_dirs, merge_theory, settings, out);
    if (replay->parsed()) {
      replay_settings.max_bits = settings.max_bits;
      replay_settings.jobs = settings.jobs;
      return replay_command(replay_path, replay_settings, out);
    }
    if (gate->parsed()) return gate_command(theory_path, base_path, settings, out, err);
    if (symbolic->parsed()) return symbolic_command(theory_path, sizes, out);
    if (heads->parsed()) {
      PrecisionPolicy policy = policy_up_to(settings.max_bits);
      policy.use_exact = !no_exact;
      return heads_command(heads_path, policy, out, heads_json);
    }
    if (prove->parsed()) {
      if (patterns.empty()) patterns = {"all"};
      return prove_command(patterns, theory_path, settings, out, err);
    }
    if (mutate->parsed()) {
      if (patterns.empty()) patterns = {"all"};
      return mutate_command(patterns, theory_path, settings, out, err);
    }
  } catch (const TheoryError& e) {
    err << e.what() << "\n";
    return 2;
  } catch (const UsageError& e) {
    err << "sinkcheck: " << e.what() << "\n";
    return 2;
  } catch (const std::invalid_argument& e) {
    err << "sinkcheck: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    // Unwritable report folders and the like: an input error, never a crash.
    err << "sinkcheck: " << e.what() << "\n";
    return 2;
  }
  return 2;
}

}  // namespace sinkcheck
