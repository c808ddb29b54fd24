#pragma once
// Runs `f` with C's stdout pointed at /dev/null: for libraries that print
// through printf (DSDP's DSDPPrintf is printf), so that only sinkcheck's own
// lines reach stdout (`replay` and `check` output may be piped and parsed).
// sinkcheck writes through std::ostream, and std::cout keeps the FILE it was
// made with, so its own output is unaffected. The swap is process-wide:
// calls are serialised.
#include <functional>

namespace sinkcheck {

void with_c_stdout_silenced(const std::function<void()>& f);

}  // namespace sinkcheck
