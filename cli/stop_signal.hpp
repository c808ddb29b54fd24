#pragma once
// SIGINT and SIGTERM during a command that writes a report (check, merge):
// the work stops after the case at hand, the command writes what it has as
// a partial report ("complete": false) and exits 130.
namespace sinkcheck {

class StopOnSignal {
 public:
  StopOnSignal();   // from here on a signal only asks to stop
  ~StopOnSignal();  // the default handlers again
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;
  // Whether a signal came since the last StopOnSignal was made (polled by the case loop).
  static bool requested();
};

}  // namespace sinkcheck
