#include "verify/bounded_read.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace sinkcheck {

int open_regular_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) throw InputFileError(std::string("cannot open: ") + std::strerror(errno));
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd);
    throw InputFileError("cannot read: " + why);
  }
  if (!S_ISREG(info.st_mode)) {
    ::close(fd);
    if (S_ISDIR(info.st_mode)) throw InputFileError("is a directory, not a file");
    throw InputFileError(std::string("is not a regular file (") +
                         (S_ISFIFO(info.st_mode) ? "a FIFO" : S_ISSOCK(info.st_mode) ? "a socket" : "a device") +
                         "): give the path of a file");
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

std::string read_file_bounded(const std::string& path, std::size_t max_bytes, const std::string& what) {
  const int fd = open_regular_file(path);
  struct stat info {};
  (void)::fstat(fd, &info);
  const std::string too_large = "larger than the limit of " + std::to_string(max_bytes) + " bytes for " + what;
  // A regular file says its size: refuse it before reading anything.
  if (std::size_t(info.st_size) > max_bytes) {
    ::close(fd);
    throw InputFileError(too_large);
  }
  std::string bytes;
  std::vector<char> buffer(1 << 16);
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      ::close(fd);
      throw InputFileError("cannot read: " + why);
    }
    if (n == 0) break;
    if (bytes.size() + std::size_t(n) > max_bytes) {
      ::close(fd);
      throw InputFileError(too_large);
    }
    bytes.append(buffer.data(), std::size_t(n));
  }
  ::close(fd);
  return bytes;
}

}  // namespace sinkcheck
