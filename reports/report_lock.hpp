#pragma once
// One run per report folder at a time. Each report file is written
// atomically, but two runs on one folder would interleave their files
// (report.json from one run, report.md from the other) with the last writer
// winning silently; a run therefore holds this lock on its folder from its
// first write to its end, and a second run on the same folder stops at once.
#include <stdexcept>
#include <string>

namespace sinkcheck {

// Another run holds the folder: an input error (exit 2), not a crash.
struct ReportFolderBusy : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class ReportFolderLock {
 public:
  // Creates `directory` if needed and locks it (flock(2) on the folder itself:
  // no lock file is left behind, and the kernel drops the lock when the
  // process ends, however it ends). Throws ReportFolderBusy when another
  // process holds it, std::runtime_error when the folder cannot be made.
  explicit ReportFolderLock(const std::string& directory);
  ~ReportFolderLock();
  ReportFolderLock(const ReportFolderLock&) = delete;
  ReportFolderLock& operator=(const ReportFolderLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace sinkcheck
