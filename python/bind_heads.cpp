// classify_heads: Figure 8's class of each head (beta, B, W), with the
// certified sign of every quantity and the stage that decided it — what
// `sinkcheck heads` prints, for arrays instead of a file.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <optional>

#include "propositions/heads_input.hpp"
#include "propositions/smoothing_heads.hpp"

namespace sinkcheck::python {

namespace py = pybind11;

namespace {

using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;

Tensor tensor_of(const Array& a) {
  Tensor t;
  t.dtype = "F64";
  for (py::ssize_t k = 0; k < a.ndim(); ++k) t.shape.push_back(std::size_t(a.shape(k)));
  t.values.assign(a.data(), a.data() + a.size());
  return t;
}

py::dict sign_dict(const CertifiedSignOf& s) {
  py::dict d;
  d["sign"] = s.decided ? py::object(py::int_(s.sign)) : py::object(py::none());
  d["decided"] = s.decided;
  d["at_most_zero"] = s.at_most_zero;
  d["stage"] = s.stage;
  d["approx"] = s.approx;
  return d;
}

py::list classify_heads(const Array& beta, const Array& B, const Array& W,
                        const std::optional<std::vector<std::string>>& labels, unsigned max_bits, bool exact) {
  const std::vector<MeasuredHead> heads =
      measured_heads(tensor_of(beta), tensor_of(B), tensor_of(W), labels, "classify_heads", "labels");
  // The ladder of `sinkcheck heads --max-bits` (policy_up_to in cli/check.cpp,
  // which lives with the run loop this module does not link): 128, 256, …,
  // up to max_bits (checked on the Python side).
  PrecisionPolicy policy;
  policy.ladder_bits.clear();
  for (unsigned bits = 128; bits <= max_bits; bits *= 2) policy.ladder_bits.push_back(bits);
  policy.use_exact = exact;
  py::list out;
  for (const MeasuredHead& h : heads) {
    HeadClass c;
    {
      py::gil_scoped_release release;  // exact signs of large heads take a while
      c = classify_head(h, policy);
    }
    py::dict signs;
    signs["tr(BW)"] = sign_dict(c.trBW);
    signs["tr(BW^T W)"] = sign_dict(c.trBWtW);
    signs["beta tr(BW)"] = sign_dict(c.red);
    signs["beta tr(BW) + tr(BW^T W)"] = sign_dict(c.blue);
    py::dict head;
    head["label"] = c.label;
    head["class"] = c.colour;
    head["beta"] = h.beta;
    head["signs"] = signs;
    head["note"] = c.note;
    out.append(head);
  }
  return out;
}

}  // namespace

void bind_heads(py::module_& m) {
  m.def("classify_heads", &classify_heads, py::arg("beta"), py::arg("B"), py::arg("W"), py::arg("labels"),
        py::arg("max_bits"), py::arg("exact"));
}

}  // namespace sinkcheck::python
