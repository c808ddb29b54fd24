#pragma once
// `sinkcheck prove` run in-process on a theory file, and its proofs.json read.
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support.hpp"

namespace sinkcheck::test {

struct ProveRun {
  int exit = 0;
  nlohmann::json proofs;
};

inline ProveRun prove(const std::string& theory, const std::string& dir, const std::vector<std::string>& ids,
                      const char* jobs, const char* cases = "100") {
  std::vector<const char*> argv = {"sinkcheck", "prove"};
  for (const std::string& id : ids) argv.push_back(id.c_str());
  for (const char* a : {"--theory", theory.c_str(), "--report", dir.c_str(), "--cases", cases, "--jobs", jobs})
    argv.push_back(a);
  std::ostringstream out, err;
  ProveRun run;
  run.exit = run_cli(int(argv.size()), argv.data(), out, err);
  INFO(out.str() << err.str());
  REQUIRE(std::filesystem::exists(dir + "/proofs.json"));
  run.proofs = nlohmann::json::parse(read_file(dir + "/proofs.json"));
  return run;
}

inline std::string status_of(const nlohmann::json& proofs, const std::string& statement, const std::string& claim) {
  for (const auto& c : proofs["claims"])
    if (c["statement"] == statement && c["claim"] == claim) return c["status"];
  FAIL("no claim " << statement << " \"" << claim << "\" in proofs.json");
  return "";
}

}  // namespace sinkcheck::test
