#pragma once
// Binding a statement's quantities by name. A model computes its quantities
// once per stage and binds each to the name the theory file uses; nothing
// is bound by position, so reordering or adding a variable can never bind a
// value to the wrong name, and a quantity the model forgot is an error,
// never a silent zero.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "verify/decide.hpp"

namespace sinkcheck {

template <class S>
class QuantityBinder {
 public:
  using Scalar = S;

  explicit QuantityBinder(const std::vector<Variable>& variables)
      : variables_(&variables), values_(variables.size()), bound_(variables.size(), 0) {}

  // A scalar quantity.
  void set(const std::string& name, S value) { bind(name, false, {std::move(value)}); }
  // A vector quantity (a relation over it is checked coordinate by coordinate).
  void set_vector(const std::string& name, std::vector<S> values) { bind(name, true, std::move(values)); }
  // A quantity with no value on this instance (a cost where no sink exists):
  // a relation that names it is undefined there, never decided.
  void set_undefined(const std::string& name) { bind(name, is_vector(name), {}); }
  // A scalar that exists only when `defined`; make() is called only then.
  template <class Make>
  void set_if(bool defined, const std::string& name, Make make) {
    if (defined) set(name, make());
    else set_undefined(name);
  }

  // A quantity bound earlier, for quantities derived from it.
  const std::vector<S>& get(const std::string& name) const {
    const std::size_t i = variable_index(*variables_, name);
    if (!bound_[i]) throw std::logic_error("quantity '" + name + "' read before it was bound");
    return values_[i];
  }

  // The bindings in the statement's order; throws std::logic_error naming
  // every declared quantity left unbound.
  Bindings<S> finish() && {
    std::string missing;
    for (std::size_t i = 0; i < bound_.size(); ++i)
      if (!bound_[i]) missing += (missing.empty() ? "" : ", ") + (*variables_)[i].name;
    if (!missing.empty()) throw std::logic_error("quantities declared but not computed: " + missing);
    return std::move(values_);
  }

 private:
  bool is_vector(const std::string& name) const { return (*variables_)[variable_index(*variables_, name)].is_vector; }

  void bind(const std::string& name, bool as_vector, std::vector<S> values) {
    const std::size_t i = variable_index(*variables_, name);  // throws for an undeclared name
    if (bound_[i]) throw std::logic_error("quantity '" + name + "' bound twice");
    if (as_vector != (*variables_)[i].is_vector)
      throw std::logic_error("quantity '" + name + "' is declared as a " +
                             ((*variables_)[i].is_vector ? "vector" : "scalar") + " but bound as the other");
    values_[i] = std::move(values);
    bound_[i] = 1;
  }

  const std::vector<Variable>* variables_;
  Bindings<S> values_;
  std::vector<char> bound_;
};

// A statement's quantities at every stage, bound by name: `compute(binder)`
// is called with a QuantityBinder<S> for S = DoubleInterval, LadderScalar (inside
// the ladder's precision scope) and ExactValue (inside the field of
// `field_denominator`). `variables` must outlive the result (the statements'
// lists are static).
template <class Compute>
StagedQuantities staged_by_name(const std::vector<Variable>& variables, Compute compute,
                                Integer field_denominator = 1) {
  const std::vector<Variable>* vars = &variables;
  auto run = [vars, compute](auto scalar_tag) {
    QuantityBinder<decltype(scalar_tag)> binder(*vars);
    compute(binder);
    return std::move(binder).finish();
  };
  return StagedQuantities([run] { return run(DoubleInterval()); }, [run] { return run(LadderScalar()); },
                          [run]() -> std::optional<Bindings<ExactValue>> { return run(ExactValue()); },
                          std::move(field_denominator));
}

}  // namespace sinkcheck
