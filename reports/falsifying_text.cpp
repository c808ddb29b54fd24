#include <fmt/format.h>

#include "reports/writers.hpp"

namespace sinkcheck {

namespace {

// JSON values as a reader writes them: rationals unquoted, arrays in
// brackets, objects as {name = value}.
std::string short_value(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + short_value(v[i]);
    return out + "]";
  }
  if (v.is_object()) return "{" + short_inputs(v) + "}";
  return v.dump();
}

}  // namespace

std::string short_inputs(const nlohmann::json& inputs) {
  if (!inputs.is_object()) return short_value(inputs);
  std::string out;
  for (const auto& [name, value] : inputs.items()) out += (out.empty() ? "" : ", ") + name + " = " + short_value(value);
  return out;
}

std::vector<std::string> falsifying_lines(const CaseRecord& c) {
  std::vector<std::string> lines;
  for (const FalsifyingExample::Value& v : c.example.values) lines.push_back(v.name + " = " + v.value);
  if (!c.example.lhs.empty()) lines.push_back("lhs = " + c.example.lhs);
  if (!c.example.rhs.empty()) lines.push_back("rhs = " + c.example.rhs);
  return lines;
}

std::string describe_origin(const CaseRecord& c) {
  if (c.found_by == "theory") return "pinned in the theory file";
  if (c.found_by == "database") return "from the example database";
  return c.found_by == "targeted" ? fmt::format("targeted search from case {}, search seed {}", c.case_index, c.case_seed)
                                  : fmt::format("case {}, case seed {}", c.case_index, c.case_seed);
}

}  // namespace sinkcheck
