#pragma once
// Reading the fields of JSON the engine wrote (results, shard records, the
// parts MPI ranks send): each reader checks the field's type and throws
// std::invalid_argument naming it ("statements[2].claims[0].holds: expected a
// non-negative integer", "shard.parts[1].result: missing"), so a damaged or
// foreign file is refused with the field's name, never half read.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace sinkcheck::json_fields {

[[noreturn]] void fail(const std::string& where, const std::string& what);

// j[key] of an object j; `where` names j.
const nlohmann::json& field(const nlohmann::json& j, const std::string& key, const std::string& where);
const nlohmann::json& object(const nlohmann::json& j, const std::string& key, const std::string& where);
const nlohmann::json& array(const nlohmann::json& j, const std::string& key, const std::string& where);
std::string text(const nlohmann::json& j, const std::string& key, const std::string& where);
std::uint64_t count(const nlohmann::json& j, const std::string& key, const std::string& where);
bool flag(const nlohmann::json& j, const std::string& key, const std::string& where);

// v itself; `where` names v.
std::uint64_t unsigned_number(const nlohmann::json& v, const std::string& where);

}  // namespace sinkcheck::json_fields
