// One run per report folder: a second run on a folder in use stops at once
// with exit 2 and says why, and a lock dies with the process that held it.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "reports/report_lock.hpp"
#include "support.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

TEST_CASE("a second run on a report folder in use exits 2 and leaves the first run's files alone") {
  const std::string dir = temp_dir() + "/locked-report";
  REQUIRE(cli({"check", "P2.a", "--cases", "5", "--report", dir}).code == 0);
  const std::string before = read_file(dir + "/report.json");
  {
    const ReportFolderLock held(dir);  // as a running check holds it
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"check", "P2.b", "--cases", "5", "--report", dir},
          std::vector<std::string>{"gate", "--cases", "5", "--report", dir},
          std::vector<std::string>{"mutate", "P2.a", "--cases", "5", "--report", dir}}) {
      const CliRun r = cli(args);
      INFO(args.front() << ": " << r.err);
      CHECK(r.code == 2);
      CHECK(r.err.find("another sinkcheck run is writing its report into this folder") != std::string::npos);
    }
    CHECK(read_file(dir + "/report.json") == before);
  }
  // released: the folder is free again
  CHECK(cli({"check", "P2.b", "--cases", "5", "--report", dir}).code == 0);
}

TEST_CASE("a report folder lock dies with its process, however it ends") {
  const std::string dir = temp_dir() + "/killed-holder";
  int ready[2];
  REQUIRE(::pipe(ready) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    const ReportFolderLock held(dir);
    const char byte = 1;
    (void)!::write(ready[1], &byte, 1);
    ::pause();
    ::_exit(0);
  }
  char byte = 0;
  REQUIRE(::read(ready[0], &byte, 1) == 1);
  CHECK_THROWS_AS(ReportFolderLock(dir), ReportFolderBusy);
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  CHECK_NOTHROW(ReportFolderLock(dir));
  ::close(ready[0]);
  ::close(ready[1]);
}
