#pragma once
// The results model as JSON, both ways. One encoding serves three readers:
// report.json (its fields only), shard records and the messages between MPI
// ranks (everything: pictures and certificates too, so that a merged run's
// report.html and certificates.json are the one run's).
//
// The decoder inverts the encoder exactly: decoding and encoding again gives
// the same JSON, and every field of StatementResult and CaseRecord except the
// console-only `seconds` survives. A field added to the results model must be
// added to both directions here, or shards and MPI runs would lose it
// (tests/test_distributed.cpp compares whole results).
#include <nlohmann/json.hpp>

#include "engine/results.hpp"

namespace sinkcheck {

// report.json leaves out the pictures (drawn from doubles, not part of the
// record) and the certificates (certificates.json holds them); wherever a
// result travels, everything goes.
enum class ResultFields { Report, All };

nlohmann::json statement_to_json(const StatementResult& result, ResultFields fields);

// Throws std::invalid_argument naming the field ("statements[2].claims[0].holds:
// expected a count") when `j` is not what statement_to_json writes.
StatementResult statement_from_json(const nlohmann::json& j, const std::string& where = "statement");

}  // namespace sinkcheck
