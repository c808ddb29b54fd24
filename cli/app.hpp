#pragma once
#include <iosfwd>

namespace sinkcheck {

// The sinkcheck command line. Exit codes: 0 no counterexample, 1 a
// counterexample (or, with --strict, an undecided case), 2 usage or input error.
int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace sinkcheck
