#include "exact_io.hpp"

#include <stdexcept>

namespace sinkcheck::python {

Rational rational_from_text(const std::string& text, const std::string& where) {
  try {
    return parse_rational(text);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(where + ": " + e.what());
  }
}

RationalMatrix rational_rows(const TextRows& rows, const std::string& name) {
  RationalMatrix out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() != rows.front().size())
      throw std::invalid_argument(name + "[" + std::to_string(r) + "]: expected " + std::to_string(rows.front().size()) +
                                  " entries, got " + std::to_string(rows[r].size()));
    RationalVector row;
    for (std::size_t c = 0; c < rows[r].size(); ++c)
      row.push_back(rational_from_text(rows[r][c], name + "[" + std::to_string(r) + "][" + std::to_string(c) + "]"));
    out.push_back(std::move(row));
  }
  return out;
}

py::list text_of(const RationalVector& v) {
  py::list out;
  for (const Rational& q : v) out.append(to_string(q));
  return out;
}

py::list text_of(const RationalMatrix& m) {
  py::list out;
  for (const RationalVector& row : m) out.append(text_of(row));
  return out;
}

py::list doubles_of(const RationalMatrix& m) {
  py::list out;
  for (const RationalVector& row : m) {
    py::list r;
    for (const Rational& q : row) r.append(to_double(q));
    out.append(r);
  }
  return out;
}

py::tuple outward(const RationalInterval& interval) {
  return py::make_tuple(to_double_down(interval.lo), to_double_up(interval.hi));
}

py::tuple outward(const Rational& exact) { return outward(RationalInterval{exact, exact}); }

RationalInterval sqrt_enclosure(const Rational& x) {
  if (x < 0) throw std::invalid_argument("sqrt_enclosure: negative argument");
  if (x == 0) return {Rational(0), Rational(0)};
  const Rational upper = certified_sqrt_upper(x);  // upper^2 >= x, so sqrt(x) = x / sqrt(x) >= x / upper
  return {x / upper, upper};
}

RationalInterval times(const RationalInterval& a, const RationalInterval& b) { return {a.lo * b.lo, a.hi * b.hi}; }

RationalInterval divided(const RationalInterval& a, const RationalInterval& b) {
  if (!(b.lo > 0) || a.lo < 0) throw std::invalid_argument("divided: expects a >= 0 and b > 0");
  return {a.lo / b.hi, a.hi / b.lo};
}

}  // namespace sinkcheck::python
