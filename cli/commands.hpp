#pragma once
// Subcommands beyond check/replay, each in its own source.
#include <iosfwd>
#include <string>
#include <vector>

#include "verify/decide.hpp"

namespace sinkcheck {

// `sinkcheck symbolic`: P3's equality claims as identities for symbolic
// matrices of the given sizes. 0 when no claim is refuted, 1 otherwise.
int symbolic_command(const std::string& theory_path, const std::vector<unsigned>& sizes, std::ostream& out);

// `sinkcheck heads`: Figure 8's class of every head in a safetensors file
// (beta [H], B [H, d, d], W [H, d, d]). Throws std::invalid_argument naming
// the file and what is wrong with it.
int heads_command(const std::string& path, const PrecisionPolicy& policy, std::ostream& out);

}  // namespace sinkcheck
