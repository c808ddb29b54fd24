#include "theory/toml_guard.hpp"

#include <cctype>
#include <cstdio>
#include <limits>

#include "theory/theory_file.hpp"
#include "verify/input_limits.hpp"
#include "verify/rational.hpp"

namespace sinkcheck {

namespace {

// A forward scan that knows just enough TOML to tell strings and comments
// from structure: where the text is inside a string, brackets, dots and
// digits mean nothing.
class TomlScanner {
 public:
  TomlScanner(const std::string& text, const std::string& path) : text_(text), path_(path) {}

  void run() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '#') {
        skip_comment();
      } else if (c == '"' || c == '\'') {
        skip_string(c);
      } else if (c == '[' || c == '{') {
        if (++depth_ > limits::toml_nesting)
          fail("arrays and inline tables nested more than " + std::to_string(limits::toml_nesting) + " levels deep");
        new_segment();
        advance();
      } else if (c == ']' || c == '}') {
        if (depth_ > 0) --depth_;
        new_segment();
        advance();
      } else if (c == '\n' || c == '=' || c == ',') {
        new_segment();
        advance();
      } else if (c == '.') {
        // Dots within one segment are the parts of a dotted key (a float or
        // a date has one).
        if (++dots_ >= limits::toml_nesting)
          fail("a dotted key with more than " + std::to_string(limits::toml_nesting) + " parts");
        advance();
      } else if (starts_token(c)) {
        scan_token();
      } else {
        advance();
      }
    }
  }

 private:
  [[noreturn]] void fail(const std::string& message) const {
    throw TheoryError(path_ + ":" + std::to_string(line_) + ":" + std::to_string(column_) + ": " + message);
  }

  void advance() {
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    ++pos_;
  }
  bool at(const char* s) const { return text_.compare(pos_, std::char_traits<char>::length(s), s) == 0; }
  void new_segment() { dots_ = 0; }

  void skip_comment() {
    while (pos_ < text_.size() && text_[pos_] != '\n') advance();
  }

  // Basic strings ("…", """…""") have backslash escapes; literal strings
  // ('…', '''…''') do not. A single-line string ends at the line's end at
  // the latest (an unterminated one is toml11's error to report).
  void skip_string(char quote) {
    const bool escapes = quote == '"';
    const std::string triple(3, quote);
    if (at(triple.c_str())) {
      for (int k = 0; k < 3; ++k) advance();
      while (pos_ < text_.size()) {
        if (escapes && text_[pos_] == '\\') {
          advance();
          if (pos_ < text_.size()) advance();
          continue;
        }
        if (at(triple.c_str())) {
          for (int k = 0; k < 3; ++k) advance();
          // Up to two more quotes belong to the content: """a""""
          for (int k = 0; k < 2 && pos_ < text_.size() && text_[pos_] == quote; ++k) advance();
          return;
        }
        advance();
      }
      return;
    }
    advance();
    while (pos_ < text_.size() && text_[pos_] != '\n') {
      if (escapes && text_[pos_] == '\\') {
        advance();
        if (pos_ < text_.size() && text_[pos_] != '\n') advance();
        continue;
      }
      if (text_[pos_] == quote) {
        advance();
        return;
      }
      advance();
    }
  }

  static bool token_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '+' || c == ':';
  }
  bool starts_token(char c) const {
    const bool after_token = pos_ > 0 && (token_char(text_[pos_ - 1]) || text_[pos_ - 1] == '.');
    return !after_token && (std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '-');
  }

  // A bare word that starts with a digit or a sign: if it is an integer
  // literal in value position, it must fit toml11's 64-bit integer.
  void scan_token() {
    const std::size_t start = pos_, line = line_, column = column_;
    std::size_t end = pos_;
    while (end < text_.size() && token_char(text_[end])) ++end;
    const std::string token = text_.substr(start, end - start);
    while (pos_ < end) advance();
    std::size_t next = end;
    while (next < text_.size() && (text_[next] == ' ' || text_[next] == '\t')) ++next;
    if (next < text_.size() && (text_[next] == '=' || text_[next] == '.')) return;  // a key
    check_integer(token, line, column);
  }

  void check_integer(const std::string& token, std::size_t line, std::size_t column) const {
    int base = 10;
    std::size_t first = 0;
    bool negative = false;
    if (token.size() > 2 && token[0] == '0' && (token[1] == 'x' || token[1] == 'o' || token[1] == 'b')) {
      base = token[1] == 'x' ? 16 : token[1] == 'o' ? 8 : 2;
      first = 2;
    } else if (token[0] == '+' || token[0] == '-') {
      negative = token[0] == '-';
      first = 1;
    }
    std::string digits;
    for (std::size_t k = first; k < token.size(); ++k) {
      const char c = token[k];
      if (c == '_') continue;
      const bool digit = base == 16 ? std::isxdigit(static_cast<unsigned char>(c)) != 0
                                    : c >= '0' && c < char('0' + base);
      if (!digit) return;  // not an integer literal: a float, a date, or toml11's error
    }
    for (std::size_t k = first; k < token.size(); ++k)
      if (token[k] != '_') digits += token[k];
    if (digits.empty()) return;
    auto refuse = [&](const std::string& why) {
      throw TheoryError(path_ + ":" + std::to_string(line) + ":" + std::to_string(column) + ": integer " +
                        abbreviated(token) + " " + why +
                        " (write a larger number as an exact number in quotes, e.g. \"1e30\")");
    };
    // toml11 doubles a signed 64-bit place value once per binary digit.
    if (base == 2 && digits.size() > 62) refuse("has more than 62 binary digits");
    if (digits.size() > 40) refuse("does not fit in 64 bits");
    Integer value;
    for (char c : digits) value = value * base + (std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : std::tolower(c) - 'a' + 10);
    const Integer largest = negative ? Integer(std::numeric_limits<long long>::max()) + 1
                                     : Integer(std::numeric_limits<long long>::max());
    if (value > largest) refuse("does not fit in 64 bits");
  }

  const std::string& text_;
  const std::string& path_;
  std::size_t pos_ = 0, line_ = 1, column_ = 1;
  std::size_t depth_ = 0, dots_ = 0;
};

// The length of the UTF-8 sequence at `pos`, or 0 if none starts there
// (a stray continuation byte, an overlong form, a surrogate, past U+10FFFF).
std::size_t utf8_length(const std::string& text, std::size_t pos) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b = byte(pos);
  if (b < 0x80) return 1;
  const std::size_t n = b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
  if (n == 0 || pos + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((byte(pos + k) & 0xc0) != 0x80) return 0;
  const unsigned char second = byte(pos + 1);
  if (b == 0xe0 && second < 0xa0) return 0;   // overlong
  if (b == 0xed && second >= 0xa0) return 0;  // surrogate
  if (b == 0xf0 && second < 0x90) return 0;   // overlong
  if (b == 0xf4 && second >= 0x90) return 0;  // past U+10FFFF
  return n;
}

// A TOML file is UTF-8 text; toml11 checks that inside strings only after
// it has lexed them, and on a literal string ('…') its error path then reads
// outside its buffer. So the whole text is checked first.
void check_utf8(const std::string& text, const std::string& path) {
  std::size_t line = 1, column = 1;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t n = utf8_length(text, pos);
    if (n == 0) {
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", unsigned(static_cast<unsigned char>(text[pos])));
      throw TheoryError(path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": byte " + byte +
                        " is not UTF-8 text (a TOML file must be UTF-8)");
    }
    if (text[pos] == '\n') {
      ++line;
      column = 1;
    } else {
      column += n;  // columns count bytes, as toml11's do
    }
    pos += n;
  }
}

}  // namespace

void check_toml_limits(const std::string& text, const std::string& path) {
  check_utf8(text, path);
  TomlScanner(text, path).run();
}

}  // namespace sinkcheck
