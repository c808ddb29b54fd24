// certificates.json's reader: the independent checker,
// tools/check_certificates.py. It shares no code with sinkcheck by design
// (docs/verification.md), so this harness runs it, one process per input:
// exit 0 (every certificate passes), 1 (one fails) and 2 (the file is not
// a certificates file, with a message) are its documented answers; a
// traceback, a signal or any other exit is a finding.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "harness.hpp"

extern char** environ;

namespace {

std::string temp_path(const char* name) {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir && *dir ? dir : "/tmp") + "/sinkcheck-fuzz-" + std::to_string(getpid()) + "-" + name;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input = temp_path("certificates.json"), log = temp_path("checker.log");
  std::ofstream(input, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), std::streamsize(size));
  const std::string checker = std::string(SINKCHECK_SOURCE_DIR) + "/tools/check_certificates.py";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  const char* argv[] = {"python3", checker.c_str(), input.c_str(), nullptr};
  pid_t pid = 0;
  if (posix_spawnp(&pid, "python3", &actions, nullptr, const_cast<char**>(argv), environ) != 0) {
    std::cerr << "certificates fuzzer: cannot start python3\n";
    std::abort();
  }
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  std::ifstream in(log);
  const std::string output((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(input.c_str());
  std::remove(log.c_str());
  const bool answered = WIFEXITED(status) && WEXITSTATUS(status) <= 2;
  if (!answered || output.find("Traceback (most recent call last)") != std::string::npos) {
    std::cerr << "certificates fuzzer: the checker did not answer with exit 0, 1 or 2 (status " << status << "):\n"
              << output.substr(0, 4000) << "\n";
    std::abort();
  }
  return 0;
}
