#include "cli/coq_folder.hpp"

#include <filesystem>

#include "reports/writers.hpp"

namespace sinkcheck {

void write_coq_folder(const std::string& folder, const std::vector<CoqSource>& libraries,
                      const std::vector<CoqSource>& files) {
  std::filesystem::remove_all(folder);
  std::string project = "-R . Sinkcheck\n";
  for (const std::vector<CoqSource>* sources : {&libraries, &files})
    for (const CoqSource& source : *sources) {
      write_file_atomically_in(folder, source.module + ".v", source.text);
      project += source.module + ".v\n";
    }
  write_file_atomically_in(folder, "_CoqProject", project);
}

}  // namespace sinkcheck
