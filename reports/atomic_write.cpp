#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "engine/distributed.hpp"
#include "reports/writers.hpp"

namespace sinkcheck {

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  // Under mpirun rank 0 writes every file; a worker rank runs the same
  // command but must not race it for the same paths.
  if (is_worker_process()) return;
  temporary_ = path_ + ".tmp." + std::to_string(::getpid());
  fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd_ < 0) throw std::runtime_error(temporary_ + ": cannot create: " + std::strerror(errno));
}

AtomicFile::~AtomicFile() {
  if (fd_ < 0) return;
  ::close(fd_);
  ::unlink(temporary_.c_str());
}

void AtomicFile::append(std::string_view bytes) {
  if (fd_ < 0) return;
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(temporary_ + ": write failed: " + std::strerror(errno));
    }
    written += std::size_t(n);
  }
}

void AtomicFile::commit() {
  if (fd_ < 0) return;
  const int fd = fd_;
  fd_ = -1;
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(temporary_.c_str());
    throw std::runtime_error(temporary_ + ": cannot flush to disk");
  }
  if (std::rename(temporary_.c_str(), path_.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(temporary_.c_str());
    throw std::runtime_error(path_ + ": cannot replace: " + why);
  }
}

void write_file_atomically(const std::string& path, const std::string& content) {
  AtomicFile file(path);
  file.append(content);
  file.commit();
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
