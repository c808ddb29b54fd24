#include "cli/stop_signal.hpp"

#include <pthread.h>
#include <signal.h>

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
  // A parent that started us with the signals blocked (some schedulers do)
  // could not stop the run: unblocked, one already pending arrives now.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_UNBLOCK, &signals, nullptr);
}

StopOnSignal::~StopOnSignal() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

bool StopOnSignal::requested() { return stop_signal.load(); }

}  // namespace sinkcheck
