#include "cli/safetensors.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

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

}  // namespace

SafetensorsFile read_safetensors(const std::string& path) {
  auto fail = [&](const std::string& what) -> void { throw std::invalid_argument(path + ": " + what); };
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("cannot open");
  std::ostringstream os;
  os << in.rdbuf();
  const std::string bytes = os.str();
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  if (bytes.size() < 8) fail("truncated: shorter than the 8-byte header length of a safetensors file");
  const std::uint64_t header_size = little_endian(data, 8);
  if (header_size > bytes.size() - 8)
    fail("truncated: the header claims " + std::to_string(header_size) + " bytes but only " +
         std::to_string(bytes.size() - 8) + " follow (not a safetensors file, or cut short)");

  nlohmann::json header;
  try {
    header = nlohmann::json::parse(bytes.begin() + 8, bytes.begin() + 8 + std::ptrdiff_t(header_size));
  } catch (const nlohmann::json::parse_error& e) {
    fail(std::string("the header is not valid JSON: ") + e.what());
  }
  if (!header.is_object()) fail("the header must be a JSON object of tensors");

  const std::size_t buffer_size = bytes.size() - 8 - std::size_t(header_size);
  const unsigned char* buffer = data + 8 + header_size;
  SafetensorsFile file;
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") {
      if (!entry.is_object()) fail("__metadata__ must map strings to strings");
      for (const auto& [key, value] : entry.items()) {
        if (!value.is_string()) fail("__metadata__." + key + " must be a string");
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
    const std::size_t size = dtype_size(t.dtype);
    if (size == 0) fail(where + ": unsupported dtype '" + t.dtype + "' (supported: F64, F32, F16, BF16)");
    std::size_t count = 1;
    if (!entry["shape"].is_array()) fail(where + ": shape must be an array of sizes");
    for (const auto& s : entry["shape"]) {
      if (!s.is_number_unsigned()) fail(where + ": shape must be an array of non-negative integers");
      t.shape.push_back(s.get<std::size_t>());
      if (t.shape.back() != 0 && count > std::numeric_limits<std::size_t>::max() / 8 / t.shape.back())
        fail(where + ": shape too large");
      count *= t.shape.back();
    }
    const auto& offsets = entry["data_offsets"];
    if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() || !offsets[1].is_number_unsigned())
      fail(where + ": data_offsets must be [begin, end]");
    const std::uint64_t begin = offsets[0].get<std::uint64_t>(), end = offsets[1].get<std::uint64_t>();
    if (begin > end) fail(where + ": data_offsets [begin, end] with begin > end");
    if (end - begin != count * size)
      fail(where + ": data_offsets hold " + std::to_string(end - begin) + " bytes, but its shape of " + t.dtype +
           " needs " + std::to_string(count * size));
    if (end > buffer_size)
      fail("truncated: " + where + " ends at byte " + std::to_string(end) + " of the data, which has only " +
           std::to_string(buffer_size));
    t.values.reserve(count);
    for (std::size_t i = 0; i < count; ++i) t.values.push_back(decode(t.dtype, buffer + begin + i * size));
    file.tensors[name] = std::move(t);
  }
  return file;
}

}  // namespace sinkcheck
