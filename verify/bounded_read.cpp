#include "verify/bounded_read.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace sinkcheck {

std::string read_file_bounded(const std::string& path, std::size_t max_bytes, const std::string& what) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputFileError(std::string("cannot open: ") + std::strerror(errno));
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    ::close(fd);
    throw InputFileError("is a directory, not a file");
  }
  const std::string too_large = "larger than the limit of " + std::to_string(max_bytes) + " bytes for " + what;
  // A regular file says its size: refuse it before reading anything.
  if (S_ISREG(info.st_mode) && std::size_t(info.st_size) > max_bytes) {
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
