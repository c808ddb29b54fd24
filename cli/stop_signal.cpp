#include "cli/stop_signal.hpp"

#include <atomic>
#include <csignal>

namespace sinkcheck {

namespace {

std::atomic<bool> stop_signal{false};
extern "C" void request_stop(int) { stop_signal = true; }

}  // namespace

StopOnSignal::StopOnSignal() {
  stop_signal = false;
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
}

StopOnSignal::~StopOnSignal() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

bool StopOnSignal::requested() { return stop_signal.load(); }

}  // namespace sinkcheck
