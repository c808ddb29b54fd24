#include "verify/formula.hpp"

#include <cctype>
#include <cstdio>

#include "verify/input_limits.hpp"

namespace sinkcheck {

std::size_t variable_index(const std::vector<Variable>& variables, const std::string& name) {
  for (std::size_t i = 0; i < variables.size(); ++i)
    if (variables[i].name == name) return i;
  throw std::logic_error("no quantity named " + name);
}


const char* to_string(RelationOp op) {
  switch (op) {
    case RelationOp::LessEqual: return "<=";
    case RelationOp::GreaterEqual: return ">=";
    case RelationOp::Less: return "<";
    case RelationOp::Greater: return ">";
    case RelationOp::Equal: return "==";
  }
  return "?";
}

namespace {

// The character at `pos` as a message shows it: itself if printable ASCII, a
// whole UTF-8 sequence with its code point (a formula is UTF-8 text, so
// echoing one byte of it would print a broken character), else the byte.
std::string character_at(const std::string& text, std::size_t pos) {
  const auto byte = static_cast<unsigned char>(text[pos]);
  char buffer[32];
  if (byte >= 0x20 && byte < 0x7f) return "'" + std::string(1, char(byte)) + "'";
  std::size_t length = byte >= 0xf0 && byte < 0xf5 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc2 && byte < 0xe0 ? 2 : 0;
  if (byte >= 0xf5) length = 0;
  if (length > 0 && pos + length <= text.size()) {
    std::uint32_t code = byte & (0x7f >> length);
    bool valid = true;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[pos + k]);
      valid &= (next & 0xc0) == 0x80;
      code = (code << 6) | (next & 0x3f);
    }
    // Overlong forms and surrogates are not characters.
    valid &= !(length == 3 && code < 0x800) && !(length == 4 && (code < 0x10000 || code > 0x10ffff)) &&
             !(code >= 0xd800 && code <= 0xdfff);
    if (valid) {
      std::snprintf(buffer, sizeof buffer, " (U+%04X)", unsigned(code));
      return "'" + text.substr(pos, length) + "'" + buffer;
    }
  }
  std::snprintf(buffer, sizeof buffer, "byte 0x%02X", unsigned(byte));
  return buffer;
}

}  // namespace

class FormulaParser {
 public:
  FormulaParser(const std::string& text, const std::vector<Variable>& variables)
      : text_(text), variables_(variables) {}

  Formula parse_expression_until(bool stop_at_relation) {
    formula_ = Formula();
    formula_.text_ = text_;
    for (const Variable& v : variables_) formula_.variable_names_.push_back(v.name);
    formula_.root_ = sum();
    skip_space();
    if (!stop_at_relation && pos_ < text_.size())
      fail("unexpected " + character_at(text_, pos_) + " after the end of the expression");
    return formula_;
  }

  Relation parse_relation() {
    Relation r;
    r.text_ = text_;
    r.lhs_ = parse_expression_until(true);
    skip_space();
    const std::size_t op_column = pos_;
    if (match("<=")) r.op_ = RelationOp::LessEqual;
    else if (match(">=")) r.op_ = RelationOp::GreaterEqual;
    else if (match("==")) r.op_ = RelationOp::Equal;
    else if (match("<")) r.op_ = RelationOp::Less;
    else if (match(">")) r.op_ = RelationOp::Greater;
    else {
      pos_ = op_column;
      fail(pos_ < text_.size() ? "expected a comparison (<=, >=, <, >, ==), found " + character_at(text_, pos_)
                               : "expected a comparison (<=, >=, <, >, ==) and a right-hand side");
    }
    r.lhs_.text_ = trim(text_.substr(0, op_column));
    r.rhs_ = parse_expression_until(false);
    r.rhs_.text_ = trim(text_.substr(op_column + std::string(to_string(r.op_)).size()));
    return r;
  }

 private:
  [[noreturn]] void fail(const std::string& message) const { throw FormulaError(pos_ + 1, message); }

  static std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    const auto e = s.find_last_not_of(" \t");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
  }

  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool peek(char c) {
    skip_space();
    return pos_ < text_.size() && text_[pos_] == c;
  }
  bool match(const std::string& token) {
    skip_space();
    if (text_.compare(pos_, token.size(), token) == 0) {
      pos_ += token.size();
      return true;
    }
    return false;
  }

  int add(FormulaNode node) {
    // Every walk of the tree (evaluation, printing) recurses along it: a
    // bounded number of nodes bounds its depth, however the chain is written
    // (a + b + c + … is a left-deep tree).
    if (formula_.nodes_.size() >= limits::formula_nodes)
      fail("formula with more than " + std::to_string(limits::formula_nodes) +
           " numbers, names and operations (the limit of the formula language)");
    formula_.nodes_.push_back(std::move(node));
    return int(formula_.nodes_.size() - 1);
  }
  int binary(FormulaNode::Kind kind, int left, int right) {
    FormulaNode n{kind, 0, 0, left, right};
    return add(n);
  }

  int sum() {
    int left = product();
    for (;;) {
      if (peek('+')) { ++pos_; left = binary(FormulaNode::Kind::Add, left, product()); }
      else if (peek('-')) { ++pos_; left = binary(FormulaNode::Kind::Sub, left, product()); }
      else return left;
    }
  }
  int product() {
    int left = unary();
    for (;;) {
      if (peek('*')) { ++pos_; left = binary(FormulaNode::Kind::Mul, left, unary()); }
      else if (peek('/')) { ++pos_; left = binary(FormulaNode::Kind::Div, left, unary()); }
      else return left;
    }
  }
  // Every cycle of the grammar's recursion passes through unary(): counting
  // its active calls bounds the parser's stack whatever the input.
  struct NestingGuard {
    FormulaParser& parser;
    explicit NestingGuard(FormulaParser& p) : parser(p) {
      if (++parser.nesting_ > limits::formula_nesting)
        parser.fail("formula nested more than " + std::to_string(limits::formula_nesting) +
                    " levels deep (parentheses, function calls, signs and powers inside one another)");
    }
    ~NestingGuard() { --parser.nesting_; }
  };

  int unary() {
    const NestingGuard guard(*this);
    if (peek('-')) {
      ++pos_;
      return binary(FormulaNode::Kind::Neg, unary(), -1);
    }
    if (peek('+')) {
      ++pos_;
      return unary();
    }
    return power();
  }
  int power() {
    const int base = atom();
    if (peek('^')) {
      ++pos_;
      return binary(FormulaNode::Kind::Pow, base, unary());
    }
    return base;
  }

  int atom() {
    skip_space();
    if (pos_ >= text_.size()) fail("unexpected end of formula: expected a number, a name or '('");
    const char c = text_[pos_];
    if (c == '(') {
      ++pos_;
      const int inner = sum();
      if (!peek(')')) fail("expected ')'");
      ++pos_;
      return inner;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') return number();
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') return name();
    fail("unexpected " + character_at(text_, pos_) + ": expected a number, a name or '('");
  }

  int number() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.')) ++pos_;
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      std::size_t p = pos_ + 1;
      if (p < text_.size() && (text_[p] == '+' || text_[p] == '-')) ++p;
      if (p < text_.size() && std::isdigit(static_cast<unsigned char>(text_[p]))) {
        pos_ = p;
        while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
      }
    }
    FormulaNode n{FormulaNode::Kind::Number, 0, 0};
    try {
      n.number = parse_rational(text_.substr(start, pos_ - start));
    } catch (const std::invalid_argument& e) {
      // parse_rational says what is wrong (too long, exponent out of range)
      // and shows the number abbreviated: a 100 KB number is not echoed.
      pos_ = start;
      fail(e.what());
    }
    return add(n);
  }

  int name() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) ++pos_;
    const std::string id = text_.substr(start, pos_ - start);
    if (peek('(')) return call(id, start);
    for (std::size_t k = 0; k < variables_.size(); ++k) {
      if (variables_[k].name == id) {
        formula_.uses_vectors_ |= variables_[k].is_vector;
        FormulaNode n{FormulaNode::Kind::Variable, 0, k};
        return add(n);
      }
    }
    std::string known;
    for (const auto& v : variables_) known += (known.empty() ? "" : ", ") + v.name;
    pos_ = start;
    fail("unknown name '" + id + "'; this statement's quantities are: " + known);
  }

  int call(const std::string& function, std::size_t start) {
    struct Fn { const char* name; FormulaNode::Kind kind; int arity; };
    static const Fn functions[] = {
        {"exp", FormulaNode::Kind::Exp, 1},   {"log", FormulaNode::Kind::Log, 1},
        {"sqrt", FormulaNode::Kind::Sqrt, 1}, {"abs", FormulaNode::Kind::Abs, 1},
        {"min", FormulaNode::Kind::Min, 2},   {"max", FormulaNode::Kind::Max, 2}};
    const Fn* fn = nullptr;
    for (const Fn& f : functions)
      if (function == f.name) fn = &f;
    if (!fn) {
      pos_ = start;
      fail("unknown function '" + function + "' (known: exp, log, sqrt, abs, min, max)");
    }
    ++pos_;  // '('
    const int first = sum();
    int second = -1;
    if (fn->arity == 2) {
      if (!peek(',')) fail(std::string(fn->name) + " takes two arguments: expected ','");
      ++pos_;
      second = sum();
    }
    if (!peek(')')) fail(std::string("expected ')' to close ") + fn->name + "(");
    ++pos_;
    return binary(fn->kind, first, second);
  }

  std::string text_;
  const std::vector<Variable>& variables_;
  std::size_t pos_ = 0;
  std::size_t nesting_ = 0;
  Formula formula_;
};

namespace {

// An integer's digits, with a long run of trailing zeros as an exponent
// ("1e100000", not 100001 characters), so that printing a formula never
// makes it longer than the limits a reader of the printed text applies.
std::string integer_text(const Integer& v) {
  const std::string digits = v.str();
  if (digits.size() <= 40) return digits;
  const std::size_t last = digits.find_last_not_of('0');
  const std::size_t zeros = digits.size() - 1 - last;
  return zeros < 8 ? digits : digits.substr(0, last + 1) + "e" + std::to_string(zeros);
}

std::string number_text(const Rational& q) {
  const std::string sign = q < 0 ? "-" : "";
  const Integer n = abs(Integer(boost::multiprecision::numerator(q))), d = boost::multiprecision::denominator(q);
  return sign + integer_text(n) + (d == 1 ? "" : "/" + integer_text(d));
}

int precedence(FormulaNode::Kind k) {
  using K = FormulaNode::Kind;
  switch (k) {
    case K::Add: case K::Sub: return 1;
    case K::Mul: case K::Div: return 2;
    case K::Neg: return 3;
    case K::Pow: return 4;
    default: return 5;
  }
}

std::string node_text(const Formula& f, const std::vector<std::string>& names, int index, int needed) {
  const FormulaNode& n = f.nodes()[std::size_t(index)];
  using K = FormulaNode::Kind;
  auto sub = [&](int child, int prec) { return node_text(f, names, child, prec); };
  std::string text;
  int own = precedence(n.kind);
  switch (n.kind) {
    case K::Number:
      text = number_text(n.number);
      // Fractions and negatives print as a division or a negation: group them.
      if (boost::multiprecision::denominator(n.number) != 1) own = 2;
      if (n.number < 0) own = 3;
      break;
    case K::Variable: text = names[n.variable]; break;
    case K::Add: text = sub(n.left, 1) + " + " + sub(n.right, 2); break;
    case K::Sub: text = sub(n.left, 1) + " - " + sub(n.right, 2); break;
    case K::Mul: text = sub(n.left, 2) + "*" + sub(n.right, 3); break;
    case K::Div: text = sub(n.left, 2) + "/" + sub(n.right, 3); break;
    case K::Neg: text = "-" + sub(n.left, 3); break;
    case K::Pow: text = sub(n.left, 5) + "^" + sub(n.right, 3); break;
    case K::Exp: text = "exp(" + sub(n.left, 0) + ")"; break;
    case K::Log: text = "log(" + sub(n.left, 0) + ")"; break;
    case K::Sqrt: text = "sqrt(" + sub(n.left, 0) + ")"; break;
    case K::Abs: text = "abs(" + sub(n.left, 0) + ")"; break;
    case K::Min: text = "min(" + sub(n.left, 0) + ", " + sub(n.right, 0) + ")"; break;
    case K::Max: text = "max(" + sub(n.left, 0) + ", " + sub(n.right, 0) + ")"; break;
  }
  return own < needed ? "(" + text + ")" : text;
}

}  // namespace

std::string Formula::to_text() const { return node_text(*this, variable_names_, root_, 0); }

std::optional<Rational> Formula::constant_value(int index) const {
  const FormulaNode& n = nodes_[std::size_t(index)];
  using K = FormulaNode::Kind;
  if (n.kind == K::Number) return n.number;
  const auto left = n.left >= 0 && n.kind != K::Variable ? constant_value(n.left) : std::nullopt;
  if (!left) return std::nullopt;
  if (n.kind == K::Neg) return Rational(-*left);
  const auto right = n.right >= 0 ? constant_value(n.right) : std::nullopt;
  if (!right) return std::nullopt;
  switch (n.kind) {
    case K::Add: return Rational(*left + *right);
    case K::Sub: return Rational(*left - *right);
    case K::Mul: return Rational(*left * *right);
    case K::Div:
      if (*right == 0) return std::nullopt;
      return Rational(*left / *right);
    case K::Pow: {
      if (boost::multiprecision::denominator(*right) != 1 || abs(*right) > 64 || (*left == 0 && *right < 0))
        return std::nullopt;
      // A power of a large constant is no constant worth folding: nested
      // powers of 1e100000 would grow past any memory ((x^64)^64 ...).
      const std::size_t bits = mpz_sizeinbase(mpq_numref(left->backend().data()), 2) +
                               mpz_sizeinbase(mpq_denref(left->backend().data()), 2);
      if (double(bits) * abs(*right).convert_to<double>() > double(limits::exact_coefficient_bits)) return std::nullopt;
      const long e = boost::multiprecision::numerator(*right).convert_to<long>();
      Rational p = 1;
      for (long k = 0; k < (e < 0 ? -e : e); ++k) p *= *left;
      return e < 0 ? Rational(1 / p) : p;
    }
    default: return std::nullopt;
  }
}

Formula Formula::with_node(int index, const FormulaNode& replacement) const {
  Formula copy = *this;
  copy.nodes_[std::size_t(index)] = replacement;
  copy.text_ = copy.to_text();
  return copy;
}

std::string Relation::compose(const Formula& lhs, RelationOp op, const Formula& rhs) {
  return lhs.to_text() + " " + to_string(op) + " " + rhs.to_text();
}

Formula Formula::parse(const std::string& text, const std::vector<Variable>& variables) {
  return FormulaParser(text, variables).parse_expression_until(false);
}

Relation Relation::parse(const std::string& text, const std::vector<Variable>& variables) {
  return FormulaParser(text, variables).parse_relation();
}

}  // namespace sinkcheck
