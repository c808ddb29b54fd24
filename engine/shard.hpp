#pragma once
// Shards: a run cut into N deterministic parts that any batch scheduler can
// run side by side (`check --shard I/N`). Shard I of N runs the same
// contiguous range of case indices of every selected statement; merging the
// N parts' ledgers in order (engine/statement_ledger.hpp) gives the run's
// result exactly.
#include <cstddef>
#include <string>

namespace sinkcheck {

struct ShardSpec {
  std::size_t index = 1;  // 1 … count
  std::size_t count = 1;
  std::string str() const { return std::to_string(index) + "/" + std::to_string(count); }
};

// The largest N accepted: far more shards than any scheduler runs, small
// enough that (I - 1) * cases stays far inside 64 bits.
constexpr std::size_t kMaxShards = 1000000;

struct CaseRange {
  std::size_t first = 0, end = 0;  // [first, end)
};

// Shard I of N of a run of `cases` cases: [(I-1)·cases/N, I·cases/N). The
// ranges tile [0, cases) and differ in length by at most one case.
CaseRange shard_range(const ShardSpec& shard, std::size_t cases);

// "3/8" -> {3, 8}; throws std::invalid_argument saying what is wrong.
ShardSpec parse_shard(const std::string& text);

}  // namespace sinkcheck
