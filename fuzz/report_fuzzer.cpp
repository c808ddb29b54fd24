// `sinkcheck replay`: a report's JSON, its stored claims (re-parsed) and
// exact inputs (checked field by field), and the re-decided counterexamples.
#include "cli/commands.hpp"
#include "harness.hpp"

using namespace sinkcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    ReplaySettings settings;
    settings.max_bits = 256;
    settings.jobs = 1;
    (void)replay_report(fuzz::text_of(data, size), "fuzz.json", settings, fuzz::discard());
  } catch (const UsageError&) {
    return 0;  // "report.json: what is wrong", exit 2
  }
  return 0;
}
