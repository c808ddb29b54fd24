#pragma once
// Measured heads from the tensors beta [H], B [H, d, d], W [H, d, d], with
// the checks `sinkcheck heads` applies to them (shapes, finite values, one
// label per head). Shared by the command line and the Python module, so both
// reject bad input with the same messages.
#include <optional>
#include <string>
#include <vector>

#include "engine/safetensors.hpp"
#include "propositions/smoothing_heads.hpp"

namespace sinkcheck {

// `source` starts every message (the file's path, or the Python function);
// `labels` is absent (heads named 0, 1, …) or names every head, and
// `labels_name` is what the messages call it. Throws std::invalid_argument
// "source: what is wrong".
std::vector<MeasuredHead> measured_heads(const Tensor& beta, const Tensor& B, const Tensor& W,
                                         const std::optional<std::vector<std::string>>& labels,
                                         const std::string& source,
                                         const std::string& labels_name = "metadata 'labels'");

// "[2, 3, 3]"
std::string shape_text(const std::vector<std::size_t>& shape);

}  // namespace sinkcheck
