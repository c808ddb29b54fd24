#include "cli/coq_runner.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace sinkcheck {

namespace fs = std::filesystem;

bool allowed_axiom(const std::string& name) {
  static const std::set<std::string> exact = {
      "ClassicalDedekindReals.sig_forall_dec", "ClassicalDedekindReals.sig_not_dec",
      "FunctionalExtensionality.functional_extensionality_dep", "Classical_Prop.classic", "classic"};
  if (exact.count(name)) return true;
  // Interval's computations: the primitive 63-bit integers and binary64
  // floats, and the axioms that specify them (Coq's own Uint63, PrimFloat).
  for (const char* prefix : {"PrimInt63.", "PrimFloat.", "Uint63.", "FloatAxioms."})
    if (name.rfind(prefix, 0) == 0) return true;
  return false;
}

std::vector<std::string> printed_axioms(const std::string& output) {
  std::vector<std::string> axioms;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == ' ' || line[0] == '\t' || line == "Axioms:" ||
        line == "Closed under the global context")
      continue;
    axioms.push_back(line.substr(0, line.find(' ')));
  }
  return axioms;
}

namespace {

// The text without its comments (nested, as Coq reads them) and strings:
// words in a claim's name or a comment are no commands.
std::string code_only(const std::string& text) {
  std::string code;
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (in_string) {
      if (text[i] == '"') in_string = false;
      continue;
    }
    if (text.compare(i, 2, "(*") == 0) {
      ++depth, ++i;
      continue;
    }
    if (depth > 0 && text.compare(i, 2, "*)") == 0) {
      --depth, ++i;
      code += ' ';
      continue;
    }
    if (text[i] == '"') {  // strings inside comments too: Coq lexes them there
      in_string = true;
      continue;
    }
    if (depth == 0) code += text[i];
  }
  return code;
}

}  // namespace

std::string forbidden_word(const std::string& coq_text) {
  const std::string code = code_only(coq_text);
  static const std::regex forbidden(
      R"(\b(Admitted|admit|give_up|Axiom|Axioms|Parameter|Parameters|Conjecture|Hypothesis|Hypotheses|Variable|Variables|Abort|Unset|Local\s+Axiom|Extract|Declare\s+ML|Load|Set\s+Guard|Unset\s+Guard|Bypass)\b)");
  std::smatch match;
  return std::regex_search(code, match, forbidden) ? match.str(1) : std::string();
}

std::string find_coqc() {
  const char* path = std::getenv("PATH");
  if (!path) return "";
  std::istringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    const std::string candidate = dir + "/coqc";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

namespace {

// A temporary folder, removed with everything in it.
class TemporaryFolder {
 public:
  TemporaryFolder() {
    std::string pattern = (fs::temp_directory_path() / "sinkcheck-coq-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot make a temporary folder for coqc");
    path_ = pattern;
  }
  ~TemporaryFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// One coqc run in `folder`, its output (stdout and stderr) to `log`.
struct CoqcProcess {
  pid_t pid = -1;
  std::size_t index = 0;
  std::string log;
};

CoqcProcess start_coqc(const std::string& coqc, const std::string& folder, const std::string& module,
                       unsigned timeout_seconds, std::size_t index) {
  CoqcProcess p;
  p.index = index;
  p.log = folder + "/" + module + ".log";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, p.log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addchdir_np(&actions, folder.c_str());
  // coreutils' timeout bounds the run (exit 124 on a time-out).
  const std::string seconds = std::to_string(timeout_seconds) + "s", file = module + ".v";
  std::vector<std::string> args = {"timeout", "--kill-after=5s", seconds, coqc, "-q", "-R", ".", "Sinkcheck", file};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int error = ::posix_spawnp(&p.pid, "timeout", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw std::runtime_error("cannot start coqc (through timeout)");
  return p;
}

// The first error line of coqc's output, for the reason a claim stays open.
std::string first_error(const std::string& log) {
  std::istringstream lines(log);
  std::string line, location;
  while (std::getline(lines, line)) {
    if (line.rfind("File ", 0) == 0) location = line;
    if (line.rfind("Error:", 0) == 0) {
      std::string rest;
      std::getline(lines, rest);
      const std::string message = line + (rest.empty() || rest[0] != ' ' ? "" : rest);
      return "coqc rejected the proof: " + message.substr(0, 300);
    }
  }
  return "coqc rejected the file";
}

CoqVerdict verdict_of(int status, const std::string& log, bool check_axioms) {
  CoqVerdict v;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 124) {
    v.reason = "coqc timed out";
    return v;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    v.reason = first_error(log);
    return v;
  }
  if (check_axioms)
    for (const std::string& axiom : printed_axioms(log))
      if (!allowed_axiom(axiom)) {
        v.reason = "the proof rests on an axiom outside the allowed set: " + axiom;
        return v;
      }
  v.accepted = true;
  return v;
}

}  // namespace

std::vector<CoqVerdict> run_coq(const std::string& coqc, const std::vector<CoqSource>& libraries,
                                const std::vector<CoqSource>& claims, unsigned jobs, unsigned timeout_seconds) {
  std::vector<CoqVerdict> verdicts(claims.size());
  for (const std::vector<CoqSource>* group : {&libraries, &claims})
    for (std::size_t i = 0; i < group->size(); ++i)
      if (const std::string word = forbidden_word((*group)[i].text); !word.empty()) {
        const std::string reason = (*group)[i].module + ".v contains the forbidden word " + word;
        if (group == &claims) verdicts[i].reason = reason;
        else {
          for (CoqVerdict& v : verdicts) v.reason = reason;
          return verdicts;
        }
      }
  TemporaryFolder folder;
  for (const CoqSource& library : libraries) {
    write_text(folder.path() + "/" + library.module + ".v", library.text);
    const CoqcProcess p = start_coqc(coqc, folder.path(), library.module, timeout_seconds, 0);
    int status = 0;
    ::waitpid(p.pid, &status, 0);
    const CoqVerdict v = verdict_of(status, read_text(p.log), false);
    if (!v.accepted) {
      for (CoqVerdict& claim : verdicts) claim.reason = "the library " + library.module + " failed: " + v.reason;
      return verdicts;
    }
  }
  // The claim files as written, with `Print Assumptions` of each theorem
  // appended in this copy only.
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < claims.size(); ++i) {
    if (!verdicts[i].reason.empty()) continue;
    std::string text = claims[i].text + "\n";
    for (const std::string& theorem : claims[i].theorems) text += "Print Assumptions " + theorem + ".\n";
    write_text(folder.path() + "/" + claims[i].module + ".v", text);
    pending.push_back(i);
  }
  std::map<pid_t, CoqcProcess> running;
  std::size_t next = 0;
  const std::size_t limit = std::max(1u, jobs);
  while (next < pending.size() || !running.empty()) {
    while (next < pending.size() && running.size() < limit) {
      const std::size_t i = pending[next++];
      CoqcProcess p = start_coqc(coqc, folder.path(), claims[i].module, timeout_seconds, i);
      running.emplace(p.pid, std::move(p));
    }
    int status = 0;
    const pid_t done = ::waitpid(-1, &status, 0);
    const auto it = running.find(done);
    if (it == running.end()) continue;
    verdicts[it->second.index] = verdict_of(status, read_text(it->second.log), true);
    running.erase(it);
  }
  return verdicts;
}

}  // namespace sinkcheck
