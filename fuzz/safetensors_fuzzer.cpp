// `sinkcheck heads`: a safetensors file through the reader's rules and
// limits, then the heads' shapes and values and their certified classes.
#include "cli/commands.hpp"
#include "harness.hpp"

using namespace sinkcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  PrecisionPolicy policy;
  policy.ladder_bits = {128, 256};
  try {
    const SafetensorsFile file = parse_safetensors_bytes(fuzz::text_of(data, size), "fuzz.safetensors");
    (void)heads_report(file, "fuzz.safetensors", policy, fuzz::discard());
  } catch (const std::invalid_argument&) {
    return 0;  // "path: what is wrong", exit 2
  }
  return 0;
}
