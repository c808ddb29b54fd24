#include "engine/safetensors.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <stdexcept>

#include "engine/bounded_json.hpp"
#include "verify/bounded_read.hpp"
#include "verify/input_limits.hpp"

namespace sinkcheck {

namespace {

std::uint64_t little_endian(const unsigned char* p, std::size_t bytes) {
  std::uint64_t v = 0;
  for (std::size_t i = bytes; i-- > 0;) v = (v << 8) | p[i];
  return v;
}

double half_to_double(std::uint16_t h) {
  const int exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
  const double sign = (h & 0x8000) ? -1.0 : 1.0;
  if (exponent == 0) return sign * std::ldexp(mantissa, -24);
  if (exponent == 31) return mantissa ? std::numeric_limits<double>::quiet_NaN() : sign * HUGE_VAL;
  return sign * std::ldexp(mantissa + 1024, exponent - 25);
}

double decode(const std::string& dtype, const unsigned char* p) {
  if (dtype == "F64") {
    const std::uint64_t bits = little_endian(p, 8);
    double x;
    std::memcpy(&x, &bits, 8);
    return x;
  }
  if (dtype == "F32") {
    const std::uint32_t bits = std::uint32_t(little_endian(p, 4));
    float x;
    std::memcpy(&x, &bits, 4);
    return x;
  }
  if (dtype == "BF16") {  // the high half of an F32
    const std::uint32_t bits = std::uint32_t(little_endian(p, 2)) << 16;
    float x;
    std::memcpy(&x, &bits, 4);
    return x;
  }
  return half_to_double(std::uint16_t(little_endian(p, 2)));  // F16
}

std::size_t dtype_size(const std::string& dtype) {
  if (dtype == "F64") return 8;
  if (dtype == "F32") return 4;
  if (dtype == "F16" || dtype == "BF16") return 2;
  return 0;
}

// The format's other dtypes: named as unsupported rather than unknown.
const char* const kTrailingBytes =
    "rule broken: the data holds bytes after the last tensor's (the byte buffer must be entirely indexed)";

bool known_dtype(const std::string& dtype) {
  for (const char* d : {"BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "I32", "U32", "I64", "U64"})
    if (dtype == d) return true;
  return dtype_size(dtype) > 0;
}

// Reads exactly `n` bytes (fewer only at the end of the file).
std::string read_bytes(int fd, std::uint64_t n) {
  std::string out;
  out.resize(std::size_t(n));
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t got = ::read(fd, out.data() + done, out.size() - done);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(std::string("cannot read: ") + std::strerror(errno));
    }
    if (got == 0) break;
    done += std::size_t(got);
  }
  out.resize(done);
  return out;
}

struct Range {
  std::string name;
  std::uint64_t begin, end;
};

// The file from its first 8 + header-length bytes (`prefix`, or fewer when
// the file is shorter), reading the data through `read_data(n)`, which
// returns the data's first n bytes (fewer if there are not as many) and
// throws std::invalid_argument when more follow.
SafetensorsFile parse_safetensors(const std::string& prefix, const std::string& path,
                                  const std::function<std::string(std::uint64_t)>& read_data);

}  // namespace

SafetensorsFile read_safetensors(const std::string& path) {
  auto fail = [&](const std::string& what) -> void { throw std::invalid_argument(path + ": " + what); };
  int fd = -1;
  try {
    fd = open_regular_file(path);  // a FIFO, socket or device is refused before any read
  } catch (const InputFileError& e) {
    fail(e.what());
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  // Only what the header declares is ever read: a file too large is refused before its data.
  std::string bytes;
  try {
    bytes = read_bytes(fd, 8);
    if (bytes.size() == 8) {
      const std::uint64_t header_size = little_endian(reinterpret_cast<const unsigned char*>(bytes.data()), 8);
      if (header_size <= limits::safetensors_header_bytes) bytes += read_bytes(fd, header_size);
    }
  } catch (const std::runtime_error& e) {
    fail(e.what());
  }
  return parse_safetensors(bytes, path, [&](std::uint64_t data_size) {
    std::string data = read_bytes(fd, data_size);
    // One byte more would be data no tensor covers.
    if (data.size() == data_size && !read_bytes(fd, 1).empty()) fail(kTrailingBytes);
    return data;
  });
}

SafetensorsFile parse_safetensors_bytes(const std::string& file, const std::string& name) {
  std::uint64_t header_size = 0;
  if (file.size() >= 8) header_size = little_endian(reinterpret_cast<const unsigned char*>(file.data()), 8);
  const std::size_t data_start = std::size_t(std::min<std::uint64_t>(file.size(), 8 + std::min(header_size, limits::safetensors_header_bytes)));
  return parse_safetensors(file.substr(0, data_start), name, [&](std::uint64_t data_size) {
    const std::string data = file.substr(data_start, std::size_t(std::min<std::uint64_t>(data_size, file.size() - data_start)));
    if (file.size() - data_start > data_size) throw std::invalid_argument(name + ": " + kTrailingBytes);
    return data;
  });
}

namespace {

SafetensorsFile parse_safetensors(const std::string& header_bytes, const std::string& path,
                                  const std::function<std::string(std::uint64_t)>& read_data) {
  auto fail = [&](const std::string& what) -> void { throw std::invalid_argument(path + ": " + what); };
  if (header_bytes.size() < 8) fail("truncated: shorter than the 8-byte header length of a safetensors file");
  const auto* data = reinterpret_cast<const unsigned char*>(header_bytes.data());
  const std::uint64_t header_size = little_endian(data, 8);
  if (header_size > limits::safetensors_header_bytes)
    fail("the header claims " + std::to_string(header_size) + " bytes, more than the limit of " +
         std::to_string(limits::safetensors_header_bytes) + " (not a safetensors file?)");
  if (header_size > header_bytes.size() - 8)
    fail("truncated: the header claims " + std::to_string(header_size) + " bytes but only " +
         std::to_string(header_bytes.size() - 8) + " follow (not a safetensors file, or cut short)");
  const char* header = header_bytes.data() + 8;
  if (header_size == 0 || header[0] != '{') fail("rule broken: the header must begin with '{' (0x7B)");
  // After the JSON object only spaces (0x20) may pad the header: NUL bytes,
  // newlines or anything else would be bytes one reader skips and another not.
  std::uint64_t json_end = header_size;
  while (json_end > 0 && header[json_end - 1] == ' ') --json_end;
  if (header[json_end - 1] != '}') {
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", unsigned(static_cast<unsigned char>(header[json_end - 1])));
    fail(std::string("rule broken: the header may be padded only with spaces (0x20) after its closing '}'; byte ") +
         byte + " at offset " + std::to_string(8 + json_end - 1));
  }

  nlohmann::json parsed;
  try {
    parsed = parse_json_bounded(header, header + json_end, limits::json_nesting);
  } catch (const JsonInputError& e) {
    fail(std::string("rule broken: the header is not a JSON object without duplicate keys: ") + e.what());
  }
  if (!parsed.is_object()) fail("rule broken: the header must be a JSON object of tensors");

  SafetensorsFile file;
  std::vector<Range> ranges;
  std::uint64_t values = 0;
  struct Layout {
    std::size_t element_size;
    std::uint64_t count, begin;
  };
  std::map<std::string, Layout> layout;
  for (const auto& [name, entry] : parsed.items()) {
    if (name == "__metadata__") {
      if (!entry.is_object()) fail("rule broken: __metadata__ must map strings to strings");
      for (const auto& [key, value] : entry.items()) {
        if (!value.is_string()) fail("rule broken: __metadata__." + key + " must be a string");
        file.metadata[key] = value.get<std::string>();
      }
      continue;
    }
    const std::string where = "tensor '" + name + "'";
    if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") || !entry.contains("data_offsets"))
      fail(where + ": expected {\"dtype\", \"shape\", \"data_offsets\"}");
    Tensor t;
    if (!entry["dtype"].is_string()) fail(where + ": dtype must be a string");
    t.dtype = entry["dtype"].get<std::string>();
    if (!known_dtype(t.dtype)) fail(where + ": '" + t.dtype + "' is not a safetensors dtype");
    const std::size_t size = dtype_size(t.dtype);
    if (size == 0) fail(where + ": unsupported dtype '" + t.dtype + "' (supported: F64, F32, F16, BF16)");
    std::uint64_t count = 1;
    if (!entry["shape"].is_array()) fail(where + ": shape must be an array of sizes");
    for (const auto& s : entry["shape"]) {
      if (!s.is_number_unsigned()) fail(where + ": shape must be an array of non-negative integers");
      t.shape.push_back(s.get<std::size_t>());
      if (t.shape.back() != 0 && count > limits::safetensors_values / t.shape.back())
        fail(where + ": shape holds more than the limit of " + std::to_string(limits::safetensors_values) + " values");
      count *= t.shape.back();
    }
    values += count;
    if (values > limits::safetensors_values)
      fail("the tensors hold more than the limit of " + std::to_string(limits::safetensors_values) + " values");
    const auto& offsets = entry["data_offsets"];
    if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() || !offsets[1].is_number_unsigned())
      fail(where + ": data_offsets must be [begin, end]");
    const std::uint64_t begin = offsets[0].get<std::uint64_t>(), end = offsets[1].get<std::uint64_t>();
    if (begin > end) fail(where + ": data_offsets [begin, end] with begin > end");
    if (end - begin != count * size)
      fail(where + ": data_offsets hold " + std::to_string(end - begin) + " bytes, but its shape of " + t.dtype +
           " needs " + std::to_string(count * size));
    if (begin % size != 0)
      fail("rule broken: " + where + " starts at byte " + std::to_string(begin) + " of the data, not a multiple of its " +
           std::to_string(size) + "-byte elements (tensors are aligned to their dtype)");
    ranges.push_back(Range{name, begin, end});
    layout[name] = Layout{size, count, begin};
    file.tensors[name] = std::move(t);
  }

  // The byte buffer is entirely indexed: the ranges, in order, tile it from
  // 0 with no hole, no overlap and nothing after the last one.
  std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  std::uint64_t covered = 0;
  for (std::size_t k = 0; k < ranges.size(); ++k) {
    const Range& r = ranges[k];
    if (r.begin < covered)
      fail("rule broken: tensor '" + r.name + "' [" + std::to_string(r.begin) + ", " + std::to_string(r.end) +
           ") overlaps tensor '" + ranges[k - 1].name + "' (byte ranges may not overlap or be shared)");
    if (r.begin > covered)
      fail("rule broken: bytes [" + std::to_string(covered) + ", " + std::to_string(r.begin) +
           ") of the data belong to no tensor (the byte buffer must be entirely indexed)");
    covered = r.end;
  }
  std::string buffer;
  try {
    buffer = read_data(covered);
  } catch (const std::runtime_error& e) {  // a read error; a broken rule is std::invalid_argument
    fail(e.what());
  }
  if (buffer.size() < covered)
    fail("truncated: the tensors end at byte " + std::to_string(covered) + " of the data, which has only " +
         std::to_string(buffer.size()));
  const auto* bytes = reinterpret_cast<const unsigned char*>(buffer.data());
  for (auto& [name, t] : file.tensors) {
    const Layout& l = layout.at(name);
    t.values.reserve(std::size_t(l.count));
    for (std::uint64_t i = 0; i < l.count; ++i) t.values.push_back(decode(t.dtype, bytes + l.begin + i * l.element_size));
  }
  return file;
}

}  // namespace

}  // namespace sinkcheck
