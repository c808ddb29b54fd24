#include "reports/shard_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "engine/bounded_json.hpp"
#include "engine/json_fields.hpp"
#include "engine/result_invariants.hpp"
#include "engine/results_json.hpp"
#include "reports/writers.hpp"
#include "verify/bounded_read.hpp"
#include "verify/input_limits.hpp"

namespace sinkcheck {

namespace {

using nlohmann::json;

using json_fields::array;
using json_fields::count;
using json_fields::flag;
using json_fields::object;
using json_fields::text;

}  // namespace

void write_shard_file(const std::string& directory, const ShardFile& shard) {
  json parts = json::array();
  for (const ShardPart& p : shard.parts)
    parts.push_back({{"run_cases", p.run_cases},
                     {"random_cases", p.random_cases},
                     {"first_case", p.range.first},
                     {"end_case", p.range.end},
                     {"result", statement_to_json(p.result, ResultFields::All)}});
  const RunReport& run = shard.run;
  const json j = {{"schema", ShardFile::schema},
                  {"tool_version", run.tool_version},
                  {"seed", run.seed},
                  {"cases_per_statement", run.cases},
                  {"theory", {{"path", run.theory_path}, {"fingerprint", run.theory_fingerprint}}},
                  {"precision_ladder_bits", run.ladder_bits},
                  {"targeted_share", run.targeted_share},
                  {"counterexamples_kept", shard.counterexamples_kept},
                  {"certificates", shard.certificates},
                  {"shard", {{"index", shard.shard.index}, {"count", shard.shard.count}}},
                  {"selected", shard.selected},
                  {"complete", run.complete},
                  {"parts", parts}};
  write_file_atomically_in(directory, ShardFile::file_name, j.dump(1) + "\n");
}

ShardFile read_shard_file(const std::string& path) {
  const std::string file =
      std::filesystem::is_directory(path) ? (std::filesystem::path(path) / ShardFile::file_name).string() : path;
  std::string contents;
  try {
    contents = read_file_bounded(file, limits::shard_file_bytes, "a shard record");
  } catch (const InputFileError& e) {
    throw std::invalid_argument(file + ": " + e.what() + " (is " + path + " the --report folder of a shard run?)");
  }
  return parse_shard_file(contents, file);
}

ShardFile parse_shard_file(const std::string& contents, const std::string& file) {
  json j;
  try {
    // As replay reads a report: nesting bounded, each key once, nothing after the value.
    j = parse_json_bounded(contents.data(), contents.data() + contents.size(), limits::json_nesting);
  } catch (const JsonInputError& e) {
    throw std::invalid_argument(file + ": " + e.what());
  }
  if (!j.is_object() || j.value("schema", std::string()) != ShardFile::schema)
    throw std::invalid_argument(file + ": not a sinkcheck shard record (schema \"" + std::string(ShardFile::schema) +
                                "\" expected)");
  ShardFile shard;
  RunReport& run = shard.run;
  run.tool_version = text(j, "tool_version", file);
  run.seed = count(j, "seed", file);
  run.cases = count(j, "cases_per_statement", file);
  if (!j.contains("targeted_share") || !j.at("targeted_share").is_number())
    throw std::invalid_argument(file + ".targeted_share: expected a number");
  run.targeted_share = j.at("targeted_share").get<double>();
  const json& theory = object(j, "theory", file);
  run.theory_path = text(theory, "path", file + ".theory");
  run.theory_fingerprint = text(theory, "fingerprint", file + ".theory");
  for (const json& bits : array(j, "precision_ladder_bits", file)) {
    if (!bits.is_number_unsigned()) throw std::invalid_argument(file + ".precision_ladder_bits: expected integers");
    run.ladder_bits.push_back(bits.get<unsigned>());
  }
  shard.counterexamples_kept = count(j, "counterexamples_kept", file);
  shard.certificates = flag(j, "certificates", file);
  const json& spec = object(j, "shard", file);
  shard.shard = {count(spec, "index", file + ".shard"), count(spec, "count", file + ".shard")};
  if (shard.shard.count < 1 || shard.shard.index < 1 || shard.shard.index > shard.shard.count)
    throw std::invalid_argument(file + ".shard: index " + shard.shard.str() + " is not between 1 and the count");
  for (const json& id : array(j, "selected", file)) {
    if (!id.is_string()) throw std::invalid_argument(file + ".selected: expected statement ids");
    shard.selected.push_back(id.get<std::string>());
  }
  run.complete = flag(j, "complete", file);
  PrecisionPolicy policy;  // the stages its records may name
  policy.ladder_bits = run.ladder_bits;
  const json& parts = array(j, "parts", file);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string where = file + ".parts[" + std::to_string(i) + "]";
    ShardPart part;
    part.run_cases = count(parts[i], "run_cases", where);
    part.random_cases = count(parts[i], "random_cases", where);
    part.range = {count(parts[i], "first_case", where), count(parts[i], "end_case", where)};
    if (!parts[i].contains("result")) throw std::invalid_argument(where + ".result: missing");
    part.result = statement_from_json(parts[i].at("result"), where + ".result");
    check_result_invariants(part.result, policy, where + ".result");
    shard.parts.push_back(std::move(part));
  }
  return shard;
}

}  // namespace sinkcheck
