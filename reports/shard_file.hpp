#pragma once
// A shard's record (`check --shard I/N --report DIR` writes DIR/shard.json):
// the run's settings and, for every selected statement, its part of the run
// in full (tallies, every stored case with its pictures, readings, tables,
// certificates),
// so that `sinkcheck merge` can rebuild the report one process would have
// written. Schema `sinkcheck-shard/2`, documented in docs/report-schema.md.
#include <string>
#include <vector>

#include "engine/results.hpp"
#include "engine/shard.hpp"

namespace sinkcheck {

struct ShardPart {
  std::size_t run_cases = 0;     // the statement's cases in the whole run
  std::size_t random_cases = 0;  // of them, the random phase's, which the shards split (merge runs the targeted phase)
  CaseRange range;            // the cases this shard ran
  StatementResult result;
};

struct ShardFile {
  // 2: case_seed is a decimal string, as in sinkcheck-report/2.
  static constexpr const char* schema = "sinkcheck-shard/2";
  static constexpr const char* file_name = "shard.json";
  RunReport run;                          // the run's settings; run.statements stays empty
  ShardSpec shard;
  std::size_t counterexamples_kept = 3;   // RunOptions::max_reported of the run
  bool certificates = false;              // run with --certificates: the parts carry them
  std::vector<std::string> selected;      // the statements the run checks, in order
  std::vector<ShardPart> parts;           // those finished so far (all when run.complete)
};

// Written atomically, like the reports, so an interrupted shard leaves a
// valid record with "complete": false.
void write_shard_file(const std::string& directory, const ShardFile& shard);

// `path` is a shard's folder or its shard.json. Throws std::invalid_argument
// naming the file and the field when it is not a shard record.
ShardFile read_shard_file(const std::string& path);
// The same from the record's text (`file` names it in messages): the
// shard reader's fuzzing entry point.
ShardFile parse_shard_file(const std::string& contents, const std::string& file);

}  // namespace sinkcheck
