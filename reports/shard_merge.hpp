#pragma once
// `sinkcheck merge`: N shard records -> the merged ledgers of one run's
// random cases, which cli/merge.cpp finishes (the targeted phase) into the
// report one run would have written.
#include <string>
#include <vector>

#include "engine/results.hpp"
#include "reports/shard_file.hpp"

namespace sinkcheck {

struct ShardInput {
  std::string source;  // the folder (or file) as given on the command line: errors name it
  ShardFile file;
};

// Checks that the shards are the N complete parts of one run (same version,
// theory, seed, budget, precision, statements and N; every index once, none
// missing; each part the range its index gives) and merges each statement's
// ledgers in index order: the report's statements are the merged ledgers
// (StatementLedger::part), not finished yet. Throws std::invalid_argument
// naming the shard that does not fit.
RunReport merge_shards(const std::vector<ShardInput>& shards);

}  // namespace sinkcheck
