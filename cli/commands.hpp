#pragma once
// Subcommands beyond check/replay, each in its own source.
#include <iosfwd>
#include <string>
#include <vector>

namespace sinkcheck {

// `sinkcheck symbolic`: P3's equality claims as identities for symbolic
// matrices of the given sizes. 0 when no claim is refuted, 1 otherwise.
int symbolic_command(const std::string& theory_path, const std::vector<unsigned>& sizes, std::ostream& out);

}  // namespace sinkcheck
