// `sinkcheck merge`'s reader of shard records: the record's JSON, every
// field, the invariants of each part's result (engine/result_invariants.hpp),
// then the merge of the record as the one shard of a run.
#include <stdexcept>

#include "harness.hpp"
#include "reports/shard_merge.hpp"

using namespace sinkcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    ShardFile shard = parse_shard_file(fuzz::text_of(data, size), "fuzz/shard.json");
    (void)merge_shards({ShardInput{"fuzz", std::move(shard)}});
  } catch (const std::invalid_argument&) {
    return 0;  // "fuzz/shard.json.parts[0].result.holds: …", exit 2
  }
  return 0;
}
