#pragma once
// Reading an input file whole, with a size limit checked while reading: a
// file too large is refused after at most `max_bytes` + 1 bytes (or from
// its size), a FIFO, socket or device (/dev/zero) before reading anything,
// and a directory or an unreadable path gets a message of its own instead
// of looking empty.
#include <cstddef>
#include <stdexcept>
#include <string>

namespace sinkcheck {

// Why a file could not be read; what() is a sentence without the path.
struct InputFileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A descriptor of `path` open for reading, or InputFileError ("is a
// directory, not a file", "is not a regular file (…)", "cannot open: …").
// Only regular files are inputs: opening a FIFO would wait for a writer
// forever, and a device (/dev/zero, a terminal) never ends or blocks. The
// open itself does not wait (O_NONBLOCK, cleared once the type is known).
int open_regular_file(const std::string& path);

// The bytes of `path`, at most `max_bytes` of them. Throws InputFileError
// ("is a directory", "cannot open: <errno text>", "larger than the limit of
// N bytes for <what>").
std::string read_file_bounded(const std::string& path, std::size_t max_bytes, const std::string& what);

}  // namespace sinkcheck
