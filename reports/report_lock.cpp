#include "reports/report_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "engine/distributed.hpp"

namespace sinkcheck {

ReportFolderLock::ReportFolderLock(const std::string& directory) {
  // Under mpirun rank 0 writes every file and holds the lock; a worker rank
  // runs the same command line and must not contend for the folder.
  if (is_worker_process()) return;
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) throw std::runtime_error(directory + ": cannot create the report folder: " + error.message());
  fd_ = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd_ < 0) throw std::runtime_error(directory + ": cannot open the report folder: " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) return;
  const int why = errno;
  if (why == EWOULDBLOCK) {
    ::close(fd_);
    fd_ = -1;
    throw ReportFolderBusy(directory + ": another sinkcheck run is writing its report into this folder; wait for it "
                                       "to end or choose another --report folder");
  }
  // A file system without flock (some network mounts): run unlocked rather
  // than refuse every run there.
  ::close(fd_);
  fd_ = -1;
}

ReportFolderLock::~ReportFolderLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the lock
}

}  // namespace sinkcheck
