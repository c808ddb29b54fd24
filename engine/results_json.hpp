#pragma once
// The results model as JSON, both ways. One encoding serves three readers:
// report.json (without pictures), shard files and the messages between MPI
// ranks (with pictures, so that a merged run's report.html is the one run's).
//
// The decoder inverts the encoder exactly: decoding and encoding again gives
// the same JSON, and every field of StatementResult and CaseRecord except the
// console-only `seconds` survives. A field added to the results model must be
// added to both directions here, or shards and MPI runs would lose it
// (tests/test_distributed_codec.cpp compares whole results).
#include <nlohmann/json.hpp>

#include "engine/results.hpp"

namespace sinkcheck {

// Pictures are left out of report.json (they are drawn from doubles and are
// not part of the record) and kept everywhere a result travels.
enum class FigureDetail { Omit, Keep };

nlohmann::json statement_to_json(const StatementResult& result, FigureDetail figures);

// Throws std::invalid_argument naming the field ("statements[2].claims[0].holds:
// expected a count") when `j` is not what statement_to_json writes.
StatementResult statement_from_json(const nlohmann::json& j, const std::string& where = "statement");

}  // namespace sinkcheck
