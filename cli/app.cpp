#include "cli/app.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <limits>

#include "cli/commands.hpp"

namespace sinkcheck {

namespace {

constexpr const char* kVersion = "0.1.0";

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
  command->add_option("--report", settings.report_dir, "folder for the report files");
  command->add_option("--max-bits", settings.max_bits, "precision cap of the interval ladder (default 32768)")
      ->check(CLI::Range(128u, 1u << 20));
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

  CLI::App* list = app.add_subcommand("list", "print the statement ids");
  bool show_variables = false;
  list->add_flag("--variables", show_variables, "also list each statement's quantities");

  CLI::App* check = app.add_subcommand("check", "check statements against the theory file");
  check->add_option("statements", patterns, "ids or glob patterns (P2.b, 'P2.*', all)")->required();
  add_check_options(check, settings, theory_path, seed_text, targeted);
  check->add_flag("--strict", settings.strict, "fail on undecided cases too");
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
  std::vector<std::string> shard_dirs;
  merge->add_option("shards", shard_dirs, "the --report folders of the N shards, in any order")->required();
  merge->add_option("--report", settings.report_dir, "folder for the merged report");
  merge->add_flag("--strict", settings.strict, "fail on undecided cases too");
  std::string merge_theory;
  merge->add_option("--theory", merge_theory,
                    "the theory file the shards ran (default: the path they recorded); the targeted phase runs here");
  add_jobs_option(merge, settings.jobs);

  CLI::App* replay = app.add_subcommand("replay", "re-run every counterexample of a report from its exact inputs");
  std::string replay_path;
  replay->add_option("report", replay_path, "report.json")->required();
  replay->add_option("--max-bits", settings.max_bits, "precision cap of the interval ladder")
      ->check(CLI::Range(128u, 1u << 20));
  add_jobs_option(replay, settings.jobs);

  CLI::App* gate = app.add_subcommand("gate", "CI gate for a theory edit: check what it touches, fail if any is false");
  std::string base_path;
  add_check_options(gate, settings, theory_path, seed_text, targeted);
  gate->add_option("--base", base_path, "the theory before the edit; without it every statement is checked");
  gate->add_flag("--strict", settings.strict, "fail on undecided cases too");

  CLI::App* mutate = app.add_subcommand("mutate", "refute automatic false variants of the theory; report the score");
  mutate->add_option("statements", patterns, "ids or glob patterns (default: all)");
  add_check_options(mutate, settings, theory_path, seed_text, targeted);

  CLI::App* boundary = app.add_subcommand(
      "boundary", "certified bracket of the parameter value below which a claim fails (P4's upper bounds: lambda), or above which it fails (P4's lower bounds)");
  BoundarySettings boundary_settings;
  boundary->add_option("statement", boundary_settings.statement_id, "statement id, e.g. P4.U_sink")->required();
  boundary->add_option("--param", boundary_settings.param, "the parameter to move (default lambda)");
  boundary->add_option("--set", boundary_settings.set, "fixed parameters, e.g. --set C=3 --set n=2");
  boundary->add_option("--claim", boundary_settings.claim, "claim name (default: the first claim on a construction's cost)");
  boundary->add_option("--from", boundary_settings.from, "low end of the scan (default 1/64)");
  boundary->add_option("--to", boundary_settings.to, "high end of the scan (default 4)");
  boundary->add_option("--width", boundary_settings.width, "bracket width (default 1/10000)");
  boundary->add_option("--theory", theory_path, "theory file (TOML); default: the shipped theory");
  add_jobs_option(boundary, boundary_settings.jobs);

  CLI::App* symbolic = app.add_subcommand(
      "symbolic", "prove P3's equality claims as identities for symbolic matrices (GiNaC)");
  std::vector<unsigned> sizes{2, 3};
  symbolic->add_option("--sizes", sizes, "matrix sizes, e.g. 2,3")->delimiter(',')->check(CLI::Range(1u, 6u));
  symbolic->add_option("--theory", theory_path, "theory file (TOML); default: the shipped theory");

  CLI::App* heads = app.add_subcommand(
      "heads", "classify measured heads (beta, B, W) red / blue / grey as in the paper's Figure 8, with certified signs");
  std::string heads_path;
  bool no_exact = false;
  heads->add_option("file", heads_path, "safetensors file with beta [H], B [H, d, d], W [H, d, d]")->required();
  heads->add_option("--max-bits", settings.max_bits, "precision cap of the interval ladder")
      ->check(CLI::Range(128u, 1u << 20));
  heads->add_flag("--no-exact", no_exact, "no exact stage: signs the intervals cannot tell stay undecided");

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
    for (CLI::App* command : {check, gate, mutate})
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
      for (const auto& s : all_statements()) {
        out << s->info().id << "  " << s->info().title << "  [" << s->info().provenance << "]\n";
        if (show_variables)
          for (const Variable& v : s->info().variables)
            out << "    " << v.name << (v.is_vector ? " (vector)" : "") << ": " << v.meaning << "\n";
      }
      return 0;
    }
    for (CLI::App* command : {check, gate, mutate})
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
      }
      return check_command(patterns, theory_path, settings, out, err);
    }
    if (merge->parsed()) return merge_command(shard_dirs, merge_theory, settings, out);
    if (replay->parsed()) return replay_command(replay_path, settings.max_bits, settings.jobs, out);
    if (gate->parsed()) return gate_command(theory_path, base_path, settings, out, err);
    if (symbolic->parsed()) return symbolic_command(theory_path, sizes, out);
    if (heads->parsed()) {
      PrecisionPolicy policy = policy_up_to(settings.max_bits);
      policy.use_exact = !no_exact;
      return heads_command(heads_path, policy, out);
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
