#pragma once
// "Did you mean …?": the known name closest to a misspelt one.
#include <optional>
#include <string>
#include <vector>

namespace sinkcheck {

// The candidate nearest to `word` (edit distance, ignoring case), if it is
// near enough to be a likely typo: a third of the word's length, at least 1.
std::optional<std::string> closest_name(const std::string& word, const std::vector<std::string>& candidates);

// " (did you mean 'P2.b'?)" or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace sinkcheck
