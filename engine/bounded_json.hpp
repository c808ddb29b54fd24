#pragma once
// JSON inputs (a report for `replay`, a safetensors header for `heads`)
// parsed with two rules nlohmann-json does not enforce by itself: nesting is
// bounded (our code walks and copies parsed values recursively), and a key
// may appear only once per object (nlohmann keeps the last silently, so the
// same file would mean different things to different readers).
#include <cstddef>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace sinkcheck {

// A JSON input that breaks a rule; what() says which, without the path.
struct JsonInputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

nlohmann::json parse_json_bounded(const char* begin, const char* end, std::size_t max_depth);

}  // namespace sinkcheck
