#pragma once
// `sinkcheck merge`: N shard records -> the report one run would have written.
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
// missing; each part the range its index gives) and merges them in index
// order. Throws std::invalid_argument naming the shard that does not fit.
RunReport merge_shards(const std::vector<ShardInput>& shards);

}  // namespace sinkcheck
