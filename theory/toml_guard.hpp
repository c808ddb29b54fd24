#pragma once
// What toml11 cannot be trusted with, checked on the raw text before it
// parses: toml11 recurses once per nested array or inline table and once per
// part of a dotted key (100 000 nested '[' overflow the stack), and it reads
// integers without an overflow check (99999999999999999999 becomes
// 9223372036854775807; a binary literal of 63 digits overflows a signed
// integer inside it), and on a literal string with bytes that are not UTF-8
// its error path reads outside its buffer. Only these are checked here;
// everything else is left to toml11's own errors.
#include <string>

namespace sinkcheck {

// Throws TheoryError "path:line:column: message" at the first byte that is
// not UTF-8 text, or the first violation of limits::toml_nesting or of the
// 64-bit integer range.
void check_toml_limits(const std::string& text, const std::string& path);

}  // namespace sinkcheck
