#include "engine/json_fields.hpp"

#include <stdexcept>

namespace sinkcheck::json_fields {

using nlohmann::json;

void fail(const std::string& where, const std::string& what) { throw std::invalid_argument(where + ": " + what); }

const json& field(const json& j, const std::string& key, const std::string& where) {
  if (!j.is_object()) fail(where, "expected an object");
  const auto it = j.find(key);
  if (it == j.end()) fail(where + "." + key, "missing");
  return *it;
}

const json& object(const json& j, const std::string& key, const std::string& where) {
  const json& v = field(j, key, where);
  if (!v.is_object()) fail(where + "." + key, "expected an object");
  return v;
}

const json& array(const json& j, const std::string& key, const std::string& where) {
  const json& v = field(j, key, where);
  if (!v.is_array()) fail(where + "." + key, "expected an array");
  return v;
}

std::string text(const json& j, const std::string& key, const std::string& where) {
  const json& v = field(j, key, where);
  if (!v.is_string()) fail(where + "." + key, "expected a string");
  return v.get<std::string>();
}

std::uint64_t unsigned_number(const json& v, const std::string& where) {
  if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0))
    fail(where, "expected a non-negative integer");
  return v.get<std::uint64_t>();
}

std::uint64_t count(const json& j, const std::string& key, const std::string& where) {
  return unsigned_number(field(j, key, where), where + "." + key);
}

bool flag(const json& j, const std::string& key, const std::string& where) {
  const json& v = field(j, key, where);
  if (!v.is_boolean()) fail(where + "." + key, "expected true or false");
  return v.get<bool>();
}

}  // namespace sinkcheck::json_fields
