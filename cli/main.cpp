#include <iostream>
#include <optional>
#include <sstream>

#include "cli/app.hpp"
#include "engine/distributed.hpp"
#include "verify/attention_fast.hpp"

int main(int argc, char** argv) {
  // Under mpirun every rank runs the command; rank 0 alone prints and writes
  // (engine/distributed.hpp), the others' messages would only repeat its.
  std::optional<sinkcheck::DistributedSession> session;
  try {
    // The fast path's instruction set, chosen once here so that a bad
    // SINKCHECK_ISA is reported at start-up (exit 2), not inside a run.
    sinkcheck::fast::instruction_set();
    session.emplace();
  } catch (const std::exception& e) {
    std::cerr << "sinkcheck: " << e.what() << "\n";
    return 2;
  }
  if (!sinkcheck::is_worker_process()) {
    const int code = sinkcheck::run_cli(argc, argv, std::cout, std::cerr);
    session->record_exit(code, "");
    return code;
  }
  std::ostringstream out, err;
  try {
    const int code = sinkcheck::run_cli(argc, argv, out, err);
    session->record_exit(code, err.str());
    return code;
  } catch (const sinkcheck::WorkerReleased&) {
    return 0;
  }
}
