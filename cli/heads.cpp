// `sinkcheck heads FILE`: Figure 8's class of every measured head, from a
// safetensors file with tensors beta [H], B [H, d, d] and W [H, d, d] (and
// optionally the metadata "labels": H comma-separated names).
#include <fmt/format.h>

#include <cmath>
#include <map>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "cli/commands.hpp"
#include "cli/safetensors.hpp"
#include "propositions/smoothing_heads.hpp"
#include "verify/input_limits.hpp"

namespace sinkcheck {

namespace {

std::string shape_text(const std::vector<std::size_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

const Tensor& tensor(const SafetensorsFile& file, const std::string& path, const std::string& name) {
  const auto it = file.tensors.find(name);
  if (it == file.tensors.end())
    throw std::invalid_argument(path + ": no tensor '" + name + "' (expected beta [H], B [H, d, d], W [H, d, d])");
  return it->second;
}

std::vector<MeasuredHead> heads_of(const SafetensorsFile& file, const std::string& path) {
  const Tensor &beta = tensor(file, path, "beta"), &B = tensor(file, path, "B"), &W = tensor(file, path, "W");
  if (beta.shape.size() != 1 || beta.shape[0] == 0)
    throw std::invalid_argument(path + ": beta has shape " + shape_text(beta.shape) + ", expected [H] with H >= 1");
  const std::size_t H = beta.shape[0];
  if (B.shape.size() != 3 || B.shape[0] != H || B.shape[1] != B.shape[2] || B.shape[1] == 0)
    throw std::invalid_argument(path + ": B has shape " + shape_text(B.shape) + ", expected [H, d, d] with H = " +
                                std::to_string(H) + " (from beta)");
  const std::size_t d = B.shape[1];
  // Checked before any value is lifted: each stage costs H d^3 products.
  if (d > limits::heads_dim)
    throw std::invalid_argument(path + ": heads of dimension d = " + std::to_string(d) + ", above the limit of " +
                                std::to_string(limits::heads_dim));
  if (double(H) * double(d) * double(d) * double(d) > double(limits::heads_work))
    throw std::invalid_argument(path + ": " + std::to_string(H) + " heads of dimension " + std::to_string(d) +
                                " need H d^3 = " + std::to_string(std::uint64_t(H) * d * d * d) +
                                " products per stage, above the limit of " + std::to_string(limits::heads_work) +
                                " (1024 heads of d = 128 fit)");
  if (W.shape != std::vector<std::size_t>{H, d, d})
    throw std::invalid_argument(path + ": W has shape " + shape_text(W.shape) + ", expected " +
                                shape_text({H, d, d}) + " (H from beta, d from B)");
  for (const auto* t : {&beta, &B, &W}) {
    const std::string name = t == &beta ? "beta" : t == &B ? "B" : "W";
    for (std::size_t i = 0; i < t->values.size(); ++i) {
      if (std::isfinite(t->values[i])) continue;
      std::string index;
      std::size_t rest = i;
      for (std::size_t a = t->shape.size(); a-- > 0;) {
        index = "[" + std::to_string(rest % t->shape[a]) + "]" + index;
        rest /= t->shape[a];
      }
      throw std::invalid_argument(path + ": " + name + index + " is " + (std::isnan(t->values[i]) ? "NaN" : "infinite") +
                                  ": measured values must be finite");
    }
  }
  std::vector<std::string> labels;
  if (const auto it = file.metadata.find("labels"); it != file.metadata.end()) {
    std::istringstream in(it->second);
    for (std::string label; std::getline(in, label, ',');) labels.push_back(label);
    if (labels.size() != H)
      throw std::invalid_argument(path + ": metadata 'labels' names " + std::to_string(labels.size()) +
                                  " heads, the tensors hold " + std::to_string(H));
  }
  std::vector<MeasuredHead> heads(H);
  for (std::size_t h = 0; h < H; ++h) {
    heads[h].label = labels.empty() ? std::to_string(h) : labels[h];
    heads[h].beta = beta.values[h];
    heads[h].B = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
        B.values.data() + h * d * d, Eigen::Index(d), Eigen::Index(d));
    heads[h].W = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
        W.values.data() + h * d * d, Eigen::Index(d), Eigen::Index(d));
  }
  return heads;
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
    if (key != "labels") out << "; " << key << ": " << value;
  out << "\nclasses (paper Figure 8): red  beta tr(BW) > 0 (dense smooths more), blue  beta tr(BW) + tr(BW^T W) < 0 "
         "(dense smooths less), grey  neither\n";
  out << "signs are certified: [stage] is what decided each one (double intervals, MPFI bits, exact)\n";
  out << fmt::format("{:<10} {:>9}  {:<26} {:<26} {:<26} {:<26} {}\n", "head", "beta", "tr(BW)", "tr(BW^T W)",
                     "beta tr(BW)", "beta tr(BW) + tr(BW^T W)", "class");
  std::map<std::string, std::size_t> counts;
  for (const MeasuredHead& h : heads) {
    const HeadClass c = classify_head(h, policy);
    ++counts[c.colour];
    out << fmt::format("{:<10} {:>9.4g}  {:<26} {:<26} {:<26} {:<26} {}{}\n", c.label, h.beta, cell(c.trBW),
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
