#pragma once
// DIR/coq of `sinkcheck prove` and `sinkcheck boundary --prove`: the model
// libraries and the generated files, and the _CoqProject that
// `coq_makefile -f _CoqProject -o CoqMakefile && make -f CoqMakefile` reads.
#include <string>
#include <vector>

#include "cli/coq_runner.hpp"

namespace sinkcheck {

// Replaces `folder` with the libraries (in compile order) and the files.
void write_coq_folder(const std::string& folder, const std::vector<CoqSource>& libraries,
                      const std::vector<CoqSource>& files);

}  // namespace sinkcheck
