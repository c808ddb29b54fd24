#pragma once
// What every fuzz harness shares. A harness feeds one input to one reader of
// untrusted input; an input the reader refuses with its documented error
// (exit 2 in the command line) is a success, and anything else escaping —
// another exception, a crash, a sanitizer report, a timeout — is a finding.
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <streambuf>
#include <string>

namespace sinkcheck::fuzz {

inline std::string text_of(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Output the harness discards (a command's report to the console).
inline std::ostream& discard() {
  struct Null : std::streambuf {
    int overflow(int c) override { return c; }
  };
  static Null buffer;
  static std::ostream stream(&buffer);
  return stream;
}

}  // namespace sinkcheck::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
