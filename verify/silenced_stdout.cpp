#include "verify/silenced_stdout.hpp"

#include <cstdio>
#include <mutex>

namespace sinkcheck {

void with_c_stdout_silenced(const std::function<void()>& f) {
  static std::mutex one_at_a_time;
  std::lock_guard<std::mutex> lock(one_at_a_time);
  std::fflush(stdout);
  FILE* const saved = stdout;
  FILE* const null = std::fopen("/dev/null", "w");
  if (null) stdout = null;  // glibc: stdout is an assignable variable
  struct Restore {
    FILE *saved, *null;
    ~Restore() {
      if (!null) return;
      std::fflush(null);
      stdout = saved;
      std::fclose(null);
    }
  } restore{saved, null};
  f();
}

}  // namespace sinkcheck
