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

#include "cli/commands.hpp"
#include "cli/heads_input.hpp"
#include "cli/safetensors.hpp"
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
  return fmt::format("{:<4} {:>10.3e} [{}]", sign, s.approx, s.stage);
}

}  // namespace

int heads_command(const std::string& path, const PrecisionPolicy& policy, std::ostream& out) {
  return heads_report(read_safetensors(path), path, policy, out);
}

int heads_report(const SafetensorsFile& file, const std::string& path, const PrecisionPolicy& policy, std::ostream& out) {
  const std::vector<MeasuredHead> heads = heads_of(file, path);
  out << path << ": " << heads.size() << " heads, d = " << heads.front().B.rows() << ", "
      << tensor(file, path, "B").dtype;
  for (const auto& [key, value] : file.metadata)
    if (key != "labels") out << "; " << printable(key) << ": " << printable(value);
  out << "\nclasses (paper Figure 8): red  beta tr(BW) > 0 (dense smooths more), blue  beta tr(BW) + tr(BW^T W) < 0 "
         "(dense smooths less), grey  neither\n";
  out << "signs are certified: [stage] is what decided each one (double intervals, Arb balls at mpfi-<bits>, exact)\n";
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
