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

// Throws std::invalid_argument "path: what is wrong" for a file that cannot
// be read, is truncated, has a malformed header or an unsupported dtype.
SafetensorsFile read_safetensors(const std::string& path);

}  // namespace sinkcheck
