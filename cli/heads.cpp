// `sinkcheck heads FILE`: Figure 8's class of every measured head, from a
// safetensors file with tensors beta [H], B [H, d, d] and W [H, d, d] (and
// optionally the metadata "labels": H comma-separated names).
#include <fmt/format.h>

#include <cmath>
#include <map>
#include <optional>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "propositions/heads_input.hpp"
#include "engine/safetensors.hpp"
#include "propositions/smoothing_heads.hpp"

namespace sinkcheck {

namespace {

const Tensor& tensor(const SafetensorsFile& file, const std::string& path, const std::string& name) {
  const auto it = file.tensors.find(name);
  if (it == file.tensors.end())
    throw std::invalid_argument(path + ": no tensor '" + name + "' (expected beta [H], B [H, d, d], W [H, d, d])");
  return it->second;
}

std::vector<MeasuredHead> heads_of(const SafetensorsFile& file, const std::string& path) {
  std::optional<std::vector<std::string>> labels;
  if (const auto it = file.metadata.find("labels"); it != file.metadata.end()) {
    labels.emplace();
    std::istringstream in(it->second);
    for (std::string label; std::getline(in, label, ',');) labels->push_back(label);
  }
  // One at a time: the first missing tensor is the one named.
  const Tensor& beta = tensor(file, path, "beta");
  const Tensor& B = tensor(file, path, "B");
  const Tensor& W = tensor(file, path, "W");
  return measured_heads(beta, B, W, labels, path);
}

// A certified zero is shown as 0, not as the double estimate's rounding
// noise (-1.2e-16 beside a sign of 0 would contradict it).
double shown_value(const CertifiedSignOf& s) { return s.decided && s.sign == 0 ? 0.0 : s.approx; }
// Text from the file as the console shows it: control characters (an ANSI
// escape that would recolour or clear the terminal, a newline that would
// forge a line of the table) written as \xNN.
std::string printable(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) out += fmt::format("\\x{:02x}", unsigned(u));
    else out += c;
  }
  return out;
}

std::string cell(const CertifiedSignOf& s) {
  const char* sign = !s.decided ? (s.at_most_zero ? "<=0?" : "?") : s.sign > 0 ? "+" : s.sign < 0 ? "-" : "0";
  return fmt::format("{:<4} {:>10.3e} [{}]", sign, shown_value(s), s.stage);
}

nlohmann::json sign_json(const CertifiedSignOf& s) {
  return {{"sign", s.decided ? nlohmann::json(s.sign) : nlohmann::json(nullptr)},
          {"decided", s.decided},
          {"at_most_zero", s.at_most_zero},
          {"stage", s.stage},
          {"approx", shown_value(s)}};
}

// sinkcheck-heads/1: what the table says, for programs (tests, notebooks).
nlohmann::json heads_json(const std::string& path, const std::vector<MeasuredHead>& heads,
                          const PrecisionPolicy& policy) {
  nlohmann::json list = nlohmann::json::array();
  std::map<std::string, std::size_t> counts{{"red", 0}, {"blue", 0}, {"grey", 0}, {"undecided", 0}};
  for (const MeasuredHead& h : heads) {
    const HeadClass c = classify_head(h, policy);
    ++counts[c.colour];
    list.push_back({{"label", c.label},
                    {"beta", h.beta},
                    {"class", c.colour},
                    {"note", c.note},
                    {"signs",
                     {{"tr(BW)", sign_json(c.trBW)},
                      {"tr(BW^T W)", sign_json(c.trBWtW)},
                      {"beta tr(BW)", sign_json(c.red)},
                      {"beta tr(BW) + tr(BW^T W)", sign_json(c.blue)}}}});
  }
  return {{"schema", "sinkcheck-heads/1"}, {"file", path}, {"heads", list}, {"counts", counts}};
}

}  // namespace

int heads_command(const std::string& path, const PrecisionPolicy& policy, std::ostream& out, bool json) {
  return heads_report(read_safetensors(path), path, policy, out, json);
}

int heads_report(const SafetensorsFile& file, const std::string& path, const PrecisionPolicy& policy, std::ostream& out,
                 bool json) {
  const std::vector<MeasuredHead> heads = heads_of(file, path);
  if (json) {
    out << heads_json(path, heads, policy).dump(2) << "\n";
    return 0;
  }
  out << path << ": " << heads.size() << " heads, d = " << heads.front().B.rows() << ", "
      << tensor(file, path, "B").dtype;
  for (const auto& [key, value] : file.metadata)
    if (key != "labels") out << "; " << printable(key) << ": " << printable(value);
  out << "\nclasses (paper Figure 8): red  beta tr(BW) > 0 (dense smooths more), blue  beta tr(BW) + tr(BW^T W) < 0 "
         "(dense smooths less), grey  neither\n";
  out << "signs are certified: [stage] is what decided each one (double intervals, Arb balls at arb-<bits>, exact)\n";
  out << fmt::format("{:<10} {:>9}  {:<26} {:<26} {:<26} {:<26} {}\n", "head", "beta", "tr(BW)", "tr(BW^T W)",
                     "beta tr(BW)", "beta tr(BW) + tr(BW^T W)", "class");
  std::map<std::string, std::size_t> counts;
  for (const MeasuredHead& h : heads) {
    const HeadClass c = classify_head(h, policy);
    ++counts[c.colour];
    out << fmt::format("{:<10} {:>9.4g}  {:<26} {:<26} {:<26} {:<26} {}{}\n", printable(c.label), h.beta, cell(c.trBW),
                       cell(c.trBWtW), cell(c.red), cell(c.blue),
                       c.colour == "undecided" ? "undecided at the cap (" + std::to_string(policy.cap_bits()) + " bits" +
                                                     (policy.use_exact ? "" : ", no exact stage") + ")"
                                               : c.colour,
                       c.note.empty() ? "" : "  (" + c.note + ")");
  }
  out << fmt::format("{} red, {} blue, {} grey, {} undecided\n", counts["red"], counts["blue"], counts["grey"],
                     counts["undecided"]);
  return 0;
}

}  // namespace sinkcheck
