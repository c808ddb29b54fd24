#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "engine/distributed.hpp"
#include "reports/writers.hpp"

namespace sinkcheck {

void write_file_atomically(const std::string& path, const std::string& content) {
  // Under mpirun rank 0 writes every file; a worker rank runs the same
  // command but must not race it for the same paths.
  if (is_worker_process()) return;
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) throw std::runtime_error(temporary + ": cannot create: " + std::strerror(errno));
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(temporary.c_str());
      throw std::runtime_error(temporary + ": write failed: " + why);
    }
    written += std::size_t(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(temporary.c_str());
    throw std::runtime_error(temporary + ": cannot flush to disk");
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(temporary.c_str());
    throw std::runtime_error(path + ": cannot replace: " + why);
  }
}

void write_file_atomically_in(const std::string& directory, const std::string& name, const std::string& content) {
  if (is_worker_process()) return;
  std::filesystem::create_directories(directory);
  write_file_atomically(directory + "/" + name, content);
}

void remove_file_in(const std::string& directory, const std::string& name) {
  if (is_worker_process()) return;  // rank 0's files, like every write
  std::filesystem::remove(std::filesystem::path(directory) / name);
}

void write_report(const std::string& directory, const RunReport& report) {
  write_file_atomically_in(directory, "report.json", to_json(report).dump(2) + "\n");
  write_file_atomically_in(directory, "report.md", to_markdown(report));
  write_file_atomically_in(directory, "report.html", to_html(report));
}

}  // namespace sinkcheck
