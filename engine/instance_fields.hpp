#pragma once
// An instance's fields, declared once. A model lists the members of its
// Instance with their kind (an exact rational, a vector or a matrix of
// them, an integer, a flag, a text) and their limits, and gets its JSON both
// ways from that list: the inputs report.json stores, `replay` reads back,
// a theory file pins ([[P2.b.example]]), and the targeted search moves
// (engine/perturb.hpp nudges the numbers of this JSON). The encoding is
// engine/json_inputs.hpp's: a rational is a "p/q" string, a vector an array
// of them, a matrix an array of rows.
//
// Reading checks every field's presence and every size before it reads any
// value (the work grows with sizes: docs/limits.md), and each error names
// the field ("inputs.values[2][0]: expected an exact number …"); a command
// reading a stored case turns it into exit 2. What ties fields together (one
// value per key, an index in range) is the model's `check`, called last.
#include <cstddef>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "engine/json_inputs.hpp"

namespace sinkcheck {

// Sizes a vector or a matrix's rows and columns may take.
struct Length {
  std::size_t min = 0, max = std::numeric_limits<std::size_t>::max();
};

template <class Instance>
class InstanceFields {
 public:
  // What ties the fields together; throws std::invalid_argument naming a
  // field ("inputs.query: …").
  using Check = std::function<void(const Instance&)>;

  // A required exact rational.
  InstanceFields& rational(std::string name, Rational Instance::*member) {
    add(
        std::move(name), true, [member](const Instance& x) { return nlohmann::json(to_string(x.*member)); },
        [member](const nlohmann::json& j, const std::string& where, Instance& x) {
          x.*member = rational_from_json(j, where);
        });
    return *this;
  }

  // An exact rational a stored case may leave out (it keeps the Instance's default).
  InstanceFields& optional_rational(std::string name, Rational Instance::*member) {
    rational(std::move(name), member);
    fields_.back().required = false;
    return *this;
  }

  // A vector of exact rationals of `length` entries.
  InstanceFields& vector(std::string name, std::vector<Rational> Instance::*member, Length length) {
    Field& f = add(
        std::move(name), true, [member](const Instance& x) { return rationals_to_json(x.*member); },
        [member](const nlohmann::json& j, const std::string& where, Instance& x) {
          x.*member = rationals_from_json(j, where);
        });
    f.size = [length](const nlohmann::json& j, const std::string& where) { check_length(j, where, length, "entries"); };
    return *this;
  }

  // Rows of exact rationals, all of one length: `rows` of them, each of
  // `columns` entries.
  InstanceFields& matrix(std::string name, std::vector<std::vector<Rational>> Instance::*member, Length rows,
                         Length columns) {
    Field& f = add(
        std::move(name), true, [member](const Instance& x) { return rational_rows_to_json(x.*member); },
        [member](const nlohmann::json& j, const std::string& where, Instance& x) {
          x.*member = rational_rows_from_json(j, where, j.size(), -1);
        });
    f.size = [rows, columns](const nlohmann::json& j, const std::string& where) {
      check_length(j, where, rows, "rows");
      if (!j.empty()) check_length(j[0], where + "[0]", columns, "entries");
    };
    return *this;
  }

  // A JSON integer in [min, max] (a size, an index).
  template <class Integer>
  InstanceFields& integer(std::string name, Integer Instance::*member, long long min, long long max) {
    add(
        std::move(name), true, [member](const Instance& x) { return nlohmann::json(x.*member); },
        [member, min, max](const nlohmann::json& j, const std::string& where, Instance& x) {
          if (!j.is_number_integer() || j.get<long long>() < min || j.get<long long>() > max)
            throw std::invalid_argument(where + ": expected " + integer_range(min, max));
          x.*member = Integer(j.get<long long>());
        });
    return *this;
  }

  // A list of integers, each in [min, max], of `length` entries.
  template <class Integer>
  InstanceFields& integers(std::string name, std::vector<Integer> Instance::*member, long long min, long long max,
                           Length length) {
    Field& f = add(
        std::move(name), true, [member](const Instance& x) { return nlohmann::json(x.*member); },
        [member, min, max](const nlohmann::json& j, const std::string& where, Instance& x) {
          (x.*member).clear();
          for (std::size_t k = 0; k < j.size(); ++k) {
            const nlohmann::json& e = j[k];
            if (!e.is_number_integer() || e.get<long long>() < min || e.get<long long>() > max)
              throw std::invalid_argument(where + "[" + std::to_string(k) + "]: expected " + integer_range(min, max));
            (x.*member).push_back(Integer(e.get<long long>()));
          }
        });
    f.size = [length](const nlohmann::json& j, const std::string& where) { check_length(j, where, length, "entries"); };
    return *this;
  }

  InstanceFields& flag(std::string name, bool Instance::*member) {
    add(
        std::move(name), true, [member](const Instance& x) { return nlohmann::json(x.*member); },
        [member](const nlohmann::json& j, const std::string& where, Instance& x) {
          if (!j.is_boolean()) throw std::invalid_argument(where + ": expected true or false");
          x.*member = j.get<bool>();
        });
    return *this;
  }

  // A description the model writes for the reader (a generator family's
  // name); optional, and never part of what is decided.
  InstanceFields& text(std::string name, std::string Instance::*member) {
    add(
        std::move(name), false, [member](const Instance& x) { return nlohmann::json(x.*member); },
        [member](const nlohmann::json& j, const std::string&, Instance& x) {
          if (j.is_string()) x.*member = j.get<std::string>();
        });
    return *this;
  }

  // A field of a shape the kinds above do not cover (a list of rotations),
  // with its own writer and reader; `size` checks its sizes before any
  // field's values are read.
  using Write = std::function<nlohmann::json(const Instance&)>;
  using Read = std::function<void(const nlohmann::json&, const std::string& where, Instance&)>;
  using Size = std::function<void(const nlohmann::json&, const std::string& where)>;
  InstanceFields& custom(std::string name, bool required, Write write, Read read, Size size = nullptr) {
    add(std::move(name), required, std::move(write), std::move(read)).size = std::move(size);
    return *this;
  }

  // A size limit of the field declared last with a message of its own,
  // checked before its kind's.
  InstanceFields& limit(Size size) {
    Size kind = std::move(fields_.back().size);
    fields_.back().size = [size = std::move(size), kind = std::move(kind)](const nlohmann::json& j,
                                                                           const std::string& where) {
      size(j, where);
      if (kind) kind(j, where);
    };
    return *this;
  }

  // What ties the fields together, checked after they are read.
  InstanceFields& check(Check check) {
    check_ = std::move(check);
    return *this;
  }

  nlohmann::json to_json(const Instance& x) const {
    nlohmann::json j = nlohmann::json::object();
    for (const Field& f : fields_) j[f.name] = f.write(x);
    return j;
  }

  Instance from_json(const nlohmann::json& j) const {
    if (!j.is_object()) throw std::invalid_argument("inputs: expected an object");
    for (const Field& f : fields_)
      if (f.required && !j.contains(f.name)) throw std::invalid_argument("inputs." + f.name + ": missing");
    // Sizes before values.
    for (const Field& f : fields_)
      if (f.size && j.contains(f.name)) f.size(j[f.name], "inputs." + f.name);
    Instance x;
    for (const Field& f : fields_)
      if (j.contains(f.name)) f.read(j[f.name], "inputs." + f.name, x);
    if (check_) check_(x);
    return x;
  }

 private:
  struct Field {
    std::string name;
    bool required = true;
    Write write;
    Read read;
    Size size;
  };

  Field& add(std::string name, bool required, Write write, Read read) {
    for (const Field& f : fields_)
      if (f.name == name) throw std::logic_error("instance field '" + name + "' declared twice");
    fields_.push_back(Field{std::move(name), required, std::move(write), std::move(read), nullptr});
    return fields_.back();
  }

  // "an integer from 2 to 1000000", "an integer >= 1" (no upper limit of its own).
  static std::string integer_range(long long min, long long max) {
    if (max >= std::numeric_limits<long>::max()) return "an integer >= " + std::to_string(min);
    return "an integer from " + std::to_string(min) + " to " + std::to_string(max);
  }

  static void check_length(const nlohmann::json& j, const std::string& where, Length length, const char* what) {
    if (!j.is_array()) throw std::invalid_argument(where + ": expected an array");
    if (j.size() < length.min || j.size() > length.max)
      throw std::invalid_argument(where + ": " + std::to_string(j.size()) + " " + what + ", expected " +
                                  (length.max == std::numeric_limits<std::size_t>::max()
                                       ? "at least " + std::to_string(length.min)
                                       : "from " + std::to_string(length.min) + " to " + std::to_string(length.max)));
  }

  std::vector<Field> fields_;
  Check check_;
};

}  // namespace sinkcheck
