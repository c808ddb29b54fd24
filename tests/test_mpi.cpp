// The MPI mode as a cluster user meets it: `mpirun -n 3` (oversubscribed on
// this machine's cores) gives the single-process report byte for byte for
// check, gate and mutate, and an interrupted mpirun leaves a valid partial
// report. Built and registered only when CMake found MPI.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/mpi_local_worker.hpp"
#include "support.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

namespace {

// Tests run as root in containers; Open MPI refuses root unless told.
void allow_mpirun_as_root() {
  ::setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
  ::setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
}

// mpirun --oversubscribe -n `ranks` sinkcheck `args`, output into `log`;
// returns the child's pid (not waited for).
pid_t start_mpirun(int ranks, const std::vector<std::string>& args, const std::string& log) {
  allow_mpirun_as_root();
  std::vector<std::string> argv = {SINKCHECK_MPIEXEC, "--oversubscribe", "-n", std::to_string(ranks), SINKCHECK_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    (void)!std::freopen(log.c_str(), "w", stdout);
    ::dup2(::fileno(stdout), 2);
    std::vector<char*> c;
    for (std::string& a : argv) c.push_back(a.data());
    c.push_back(nullptr);
    ::execv(c[0], c.data());
    ::_exit(127);
  }
  return child;
}

int wait_exit_code(pid_t child) {
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  return WEXITSTATUS(status);
}

int mpirun(int ranks, const std::vector<std::string>& args, const std::string& log) {
  return wait_exit_code(start_mpirun(ranks, args, log));
}

}  // namespace

// Rank 0 computes its own chunks on a LocalWorker thread. A chunk that
// finished while rank 0 was busy with a worker's part used to be overwritten
// by the next one, and rank 0 then waited forever for the lost part (an
// intermittent hang of mutate under mpirun). No chunk is assigned while a
// completion waits, and every chunk's completion is taken exactly once.
TEST_CASE("rank 0's local worker never loses a finished chunk") {
  const Theory theory = load(default_theory_path());
  const StatementTheory* st = theory.find("P2.b");
  REQUIRE(st);
  Job job{find_statement("P2.b"), *st, theory.domain("P2"), RunOptions{}, std::nullopt};
  job.options.cases = 6;
  job.options.seed = 4;
  job.options.targeted_share = 0;  // all six cases are random ones, so both chunks run three
  const std::vector<Job> jobs = {job};
  mpi::LocalWorker local(jobs, 1);
  const auto wait_until_finished = [&] {
    // No time limit here: a worker that never finishes fails by ctest's timeout.
    while (local.state() != mpi::LocalWorker::State::Finished) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  };
  REQUIRE(local.state() == mpi::LocalWorker::State::Idle);
  local.assign(Chunk{0, 0, 0, 3}, {});
  wait_until_finished();
  // The finished chunk's completion waits: the worker is not idle, and a
  // second chunk is refused rather than allowed to overwrite it.
  CHECK_THROWS_AS(local.assign(Chunk{1, 0, 3, 6}, {}), std::logic_error);
  std::optional<mpi::Completion> first = local.take_completion();
  REQUIRE(first);
  CHECK(first->chunk.id == 0);
  REQUIRE(first->part);
  CHECK(first->part->cases == 3);
  CHECK(local.state() == mpi::LocalWorker::State::Idle);
  CHECK_FALSE(local.take_completion());
  local.assign(Chunk{1, 0, 3, 6}, {});
  wait_until_finished();
  std::optional<mpi::Completion> second = local.take_completion();
  REQUIRE(second);
  CHECK(second->chunk.id == 1);
  REQUIRE(second->part);
  CHECK(second->part->cases == 3);
}

TEST_CASE("mpirun -n 3: check all writes the single-process report and certificates byte for byte") {
  const std::string theory = theory_false_everywhere("mpi-false-everywhere.toml");
  const std::vector<std::string> run = {"check", "all", "--cases", "24", "--seed", "3", "--theory", theory,
                                        "--certificates"};
  std::vector<std::string> one = run, three = run;
  one.insert(one.end(), {"--report", temp_dir() + "/mpi-check-1"});
  three.insert(three.end(), {"--report", temp_dir() + "/mpi-check-3"});
  const CliRun single = cli(one);
  INFO(single.out << single.err);
  REQUIRE(single.code == 1);
  // Chunks far below a case's cost: nearly every case is a chunk of its own,
  // spread over the three ranks in whatever order they ask.
  ::setenv("SINKCHECK_CHUNK_SECONDS", "0.000001", 1);
  const std::string log = temp_dir() + "/mpi-check-3.log";
  const int code = mpirun(3, three, log);
  ::unsetenv("SINKCHECK_CHUNK_SECONDS");
  INFO(read_file(log));
  CHECK(code == 1);
  for (const char* file : {"/report.json", "/report.md", "/report.html", "/certificates.json"})
    CHECK(read_file(temp_dir() + "/mpi-check-3" + file) == read_file(temp_dir() + "/mpi-check-1" + file));
  // rank 0 alone printed: one table
  const std::string out = read_file(log);
  CHECK(out.find("P4.L_sink") == out.rfind("P4.L_sink"));
}

TEST_CASE("mpirun -n 3: gate and mutate give the single-process files") {
  const std::string theory = theory_false_everywhere("mpi-false-everywhere.toml");
  const std::string base = default_theory_path();
  const std::vector<std::string> gate = {"gate", "--theory", theory, "--base", base, "--cases", "30"};
  std::vector<std::string> one = gate, three = gate;
  one.insert(one.end(), {"--report", temp_dir() + "/mpi-gate-1"});
  three.insert(three.end(), {"--report", temp_dir() + "/mpi-gate-3"});
  const CliRun single = cli(one);
  REQUIRE(single.code == 1);
  const std::string log = temp_dir() + "/mpi-gate-3.log";
  CHECK(mpirun(3, three, log) == 1);
  INFO(read_file(log));
  CHECK(read_file(temp_dir() + "/mpi-gate-3/report.json") == read_file(temp_dir() + "/mpi-gate-1/report.json"));
  CHECK(read_file(log).find("broken by the edit") != std::string::npos);

  const std::vector<std::string> mutate = {"mutate", "P2.b", "--cases", "60"};
  std::vector<std::string> m1 = mutate, m3 = mutate;
  m1.insert(m1.end(), {"--report", temp_dir() + "/mpi-mutate-1"});
  m3.insert(m3.end(), {"--report", temp_dir() + "/mpi-mutate-3"});
  REQUIRE(cli(m1).code == 0);
  const std::string mutate_log = temp_dir() + "/mpi-mutate-3.log";
  CHECK(mpirun(3, m3, mutate_log) == 0);
  INFO(read_file(mutate_log));
  CHECK(read_file(temp_dir() + "/mpi-mutate-3/mutation.json") == read_file(temp_dir() + "/mpi-mutate-1/mutation.json"));
  CHECK(read_file(temp_dir() + "/mpi-mutate-3/mutation.md") == read_file(temp_dir() + "/mpi-mutate-1/mutation.md"));
}

TEST_CASE("an interrupted mpirun leaves a valid partial report") {
  // P2.a runs 40 cases and P1.a a hundred million: the signal is sent once
  // the report records P2.a, so P1.a is under way.
  const std::string dir = temp_dir() + "/mpi-interrupted", log = temp_dir() + "/mpi-interrupted.log";
  const std::string theory = theory_to_interrupt("mpi-interrupted.toml");
  std::filesystem::remove_all(dir);
  // mpirun turns SIGINT into SIGTERM to every rank after this many seconds,
  // and SIGKILL as many seconds later: the ranks' time to end their case.
  ::setenv("OMPI_MCA_odls_base_sigkill_timeout", "3", 1);
  const pid_t child =
      start_mpirun(3, {"check", "P2.a", "P1.a", "--targeted", "0", "--theory", theory, "--report", dir}, log);
  ::unsetenv("OMPI_MCA_odls_base_sigkill_timeout");
  int status = 0;
  const bool exited = !await_first_statement(child, dir, status);
  REQUIRE_FALSE(exited);
  REQUIRE(::kill(child, SIGINT) == 0);
  const int code = wait_exit_code(child);
  INFO("exit " << code);
  CHECK(code != 0);
  check_interrupted_report(dir);
}
