#pragma once
// Editable formulas of the theory file: a small expression language over the
// quantities a checker computes, parsed once and evaluated in any scalar type.
//
//   expression := sum;  sum := product (('+'|'-') product)*
//   product := unary (('*'|'/') unary)*;  unary := '-' unary | power
//   power := atom ('^' unary)?;  atom := number | name | name '(' args ')' | '(' sum ')'
//   relation := expression ('<=' | '>=' | '<' | '>' | '==') expression
//   functions: exp log sqrt abs min max
//
// Numbers are read as exact rationals (0.1 is 1/10), so a constant in the
// theory file means exactly what it says at every precision.
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "verify/rational.hpp"

namespace sinkcheck {

// A parse error at a 1-based column of the formula text.
struct FormulaError : std::runtime_error {
  FormulaError(std::size_t column, const std::string& message)
      : std::runtime_error(message), column(column) {}
  std::size_t column;
};

// A quantity a formula may name: a scalar, or a vector that the relation is
// checked against coordinate by coordinate.
struct Variable {
  std::string name;
  bool is_vector = false;
  std::string meaning;
};

// The position of `name` among a statement's variables (its index in the
// bindings); throws std::logic_error for a name the list lacks.
std::size_t variable_index(const std::vector<Variable>& variables, const std::string& name);

struct FormulaNode {
  enum class Kind { Number, Variable, Add, Sub, Mul, Div, Neg, Pow, Exp, Log, Sqrt, Abs, Min, Max };
  Kind kind;
  Rational number;        // Number
  std::size_t variable;   // Variable: index into the statement's variables
  int left = -1, right = -1;
};

class Formula {
 public:
  Formula() = default;
  // Throws FormulaError; names outside `variables` are rejected.
  static Formula parse(const std::string& text, const std::vector<Variable>& variables);

  const std::string& text() const { return text_; }
  bool uses_vectors() const { return uses_vectors_; }
  const std::vector<FormulaNode>& nodes() const { return nodes_; }
  int root() const { return root_; }
  // The name of the quantity a Variable node's index refers to.
  const std::string& variable_name(std::size_t index) const { return variable_names_[index]; }

  // The formula as text that parses back to the same tree (minimal parentheses).
  std::string to_text() const;
  // The exact value of the subtree at `index` if it names no quantity and
  // uses only + - * / and integer powers (e.g. the exponent 1/2 in x^(1/2)).
  std::optional<Rational> constant_value(int index) const;
  // A copy with node `index` replaced (its children indices must stay valid).
  Formula with_node(int index, const FormulaNode& replacement) const;

 private:
  friend class FormulaParser;
  std::string text_;
  std::vector<FormulaNode> nodes_;
  std::vector<std::string> variable_names_;
  int root_ = -1;
  bool uses_vectors_ = false;
};

enum class RelationOp { LessEqual, GreaterEqual, Less, Greater, Equal };
const char* to_string(RelationOp op);

// "lhs op rhs", decided through the sign of rhs - lhs.
class Relation {
 public:
  Relation() = default;
  static Relation parse(const std::string& text, const std::vector<Variable>& variables);

  const std::string& text() const { return text_; }
  RelationOp op() const { return op_; }
  const Formula& lhs() const { return lhs_; }
  const Formula& rhs() const { return rhs_; }
  bool uses_vectors() const { return lhs_.uses_vectors() || rhs_.uses_vectors(); }

  // Text of "lhs op rhs" from parts, for building variants of a relation.
  static std::string compose(const Formula& lhs, RelationOp op, const Formula& rhs);

 private:
  friend class FormulaParser;
  std::string text_;
  RelationOp op_ = RelationOp::LessEqual;
  Formula lhs_, rhs_;
};

}  // namespace sinkcheck
