#pragma once
// Variants of the shipped theory for the tests, edited through the TOML
// parser: a claim is found by its statement and its name, a key by its
// table, and only that value changes. (A raw-text replacement would depend
// on the file's layout — on which claim happens to follow, on spacing — and
// could silently edit the wrong claim when the file changes.)
#include <catch2/catch.hpp>

#include <optional>
#include <sstream>
#include <string>
#include <toml.hpp>
#include <vector>

#include "theory/theory_file.hpp"

namespace sinkcheck::test {

struct TheoryEdit {
  std::string table;                 // "P2.b" (a statement) or "P1.domain"
  std::string claim;                 // a claim's name in that statement; empty: a key of the table itself
  std::string key;                   // "holds", "assume", "reading", "large_percent", …
  std::optional<toml::value> value;  // nothing: remove the key
};

// The claim's relation.
inline TheoryEdit holds(const std::string& statement, const std::string& claim, const std::string& relation) {
  return {statement, claim, "holds", toml::value(relation)};
}

// The claim's assumptions (none: the claim holds unconditionally).
inline TheoryEdit assume(const std::string& statement, const std::string& claim,
                         const std::vector<std::string>& relations) {
  if (relations.empty()) return {statement, claim, "assume", std::nullopt};
  toml::array array;
  for (const std::string& r : relations) array.push_back(toml::value(r));
  return {statement, claim, "assume", toml::value(array)};
}

// A key of a statement's table ("reading") or of a [P<n>.domain] table.
inline TheoryEdit table_key(const std::string& table, const std::string& key, toml::value value) {
  return {table, "", key, std::move(value)};
}

// The theory `text` with the edits applied; each edit must find its table
// and exactly one claim of that name. Comments and layout are not kept (the
// loader does not need them).
inline std::string theory_text_with(const std::string& text, const std::vector<TheoryEdit>& edits) {
  std::istringstream in(text);
  toml::value root = toml::parse(in, default_theory_path());
  for (const TheoryEdit& e : edits) {
    INFO("edit of " << e.table << (e.claim.empty() ? "" : " claim \"" + e.claim + "\"") << ": " << e.key);
    const auto dot = e.table.find('.');
    REQUIRE(dot != std::string::npos);
    REQUIRE(root.contains(e.table.substr(0, dot)));
    toml::value& proposition = root.at(e.table.substr(0, dot));
    REQUIRE(proposition.contains(e.table.substr(dot + 1)));
    toml::value* target = &proposition.at(e.table.substr(dot + 1));
    if (!e.claim.empty()) {
      REQUIRE(target->contains("claim"));
      toml::value* found = nullptr;
      for (toml::value& claim : target->at("claim").as_array())
        if (claim.at("name").as_string().str == e.claim) {
          REQUIRE(found == nullptr);  // names a claim unambiguously
          found = &claim;
        }
      REQUIRE(found != nullptr);
      target = found;
    }
    if (e.value) {
      target->as_table()[e.key] = *e.value;
    } else {
      REQUIRE(target->contains(e.key));
      target->as_table().erase(e.key);
    }
  }
  // Wide lines: toml11 would otherwise fold long strings with line-ending
  // backslashes, which drop the whitespace that follows a fold.
  return toml::format(root, 1000000);
}

}  // namespace sinkcheck::test
