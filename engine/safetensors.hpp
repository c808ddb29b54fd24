#pragma once
// A reader for safetensors files (the format of Hugging Face's `safetensors`
// package: an 8-byte little-endian header length, a JSON header naming each
// tensor's dtype, shape and byte range, then the raw little-endian data).
// The header is parsed with nlohmann-json; every value is converted exactly
// to double (F64, F32, F16 and BF16 are subsets of double).
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace sinkcheck {

struct Tensor {
  std::string dtype;
  std::vector<std::size_t> shape;
  std::vector<double> values;  // row-major
};

struct SafetensorsFile {
  std::map<std::string, Tensor> tensors;
  std::map<std::string, std::string> metadata;  // the header's "__metadata__"
};

// The format's rules, each checked and named when broken ("rule broken:
// …"): the header begins with '{' and is padded only with spaces; it is a
// JSON object without duplicate keys; __metadata__ maps strings to strings;
// every tensor has a known dtype, a shape and data_offsets [begin, end] with
// end - begin = elements x element size, begins at a multiple of its element
// size, and the ranges tile the data exactly (no overlap, no shared range,
// no hole, nothing after the last). Limits (docs/limits.md): a header of at
// most limits::safetensors_header_bytes, at most limits::safetensors_values
// values; only what the header declares is read, so a device without end
// (/dev/zero) is refused at its header.
//
// Throws std::invalid_argument "path: what is wrong" for a file that cannot
// be read, is truncated, breaks a rule or has an unsupported dtype.
SafetensorsFile read_safetensors(const std::string& path);
// The same rules for a file already in memory (`name` labels the messages).
SafetensorsFile parse_safetensors_bytes(const std::string& file, const std::string& name);

}  // namespace sinkcheck
