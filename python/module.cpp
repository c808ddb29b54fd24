// sinkcheck._sinkcheck: the C++ side of the Python module. Each bind_*.cpp
// adds one family of functions; the public, documented API (argument
// checks, Fractions, numpy arrays) is the Python package around it.
#include <pybind11/pybind11.h>

#include "verify/exact_double.hpp"

namespace py = pybind11;

namespace sinkcheck::python {
void bind_heads(py::module_& m);
void bind_geometry(py::module_& m);
void bind_nuclear_norm(py::module_& m);
}  // namespace sinkcheck::python

PYBIND11_MODULE(_sinkcheck, m) {
  m.doc() = "sinkcheck's certified checks (C++); use the package 'sinkcheck', not this module";
  // Inputs so large that a floating-point witness overflows: a ValueError
  // the package prefixes with the public function's name (_exact.py).
  py::register_exception<sinkcheck::NonFiniteDouble>(m, "NonFiniteDouble", PyExc_ValueError);
  sinkcheck::python::bind_heads(m);
  sinkcheck::python::bind_geometry(m);
  sinkcheck::python::bind_nuclear_norm(m);
}
