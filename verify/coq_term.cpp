#include "verify/coq_term.hpp"

#include <algorithm>

namespace sinkcheck {

std::string coq_number(const Rational& value) {
  const Rational magnitude = abs(value);
  const Integer num = boost::multiprecision::numerator(magnitude), den = boost::multiprecision::denominator(magnitude);
  std::string text = den == 1 ? num.str() : "(" + num.str() + " / " + den.str() + ")";
  return value < 0 ? "(- " + text + ")" : text;
}

namespace {

struct NotTranslatable {
  std::string missing_quantity, unsupported;
};

class CoqTranslator {
 public:
  CoqTranslator(const Formula& formula, const CoqQuantityLookup& term_of, CoqRelation& out)
      : formula_(formula), term_of_(term_of), out_(out) {}

  std::string term(int index) {
    const FormulaNode& n = formula_.nodes()[std::size_t(index)];
    using K = FormulaNode::Kind;
    switch (n.kind) {
      case K::Number: return coq_number(n.number);
      case K::Variable: {
        const std::string& name = formula_.variable_name(n.variable);
        const std::optional<std::string> t = term_of_(name);
        if (!t) throw NotTranslatable{name, ""};
        out_.quantities.insert(name);
        return "(" + *t + ")";
      }
      case K::Add: return "(" + term(n.left) + " + " + term(n.right) + ")";
      case K::Sub: return "(" + term(n.left) + " - " + term(n.right) + ")";
      case K::Mul: return "(" + term(n.left) + " * " + term(n.right) + ")";
      case K::Div: {
        const std::string numerator = term(n.left), denominator = term(n.right);
        define(denominator + " <> 0");
        return "(" + numerator + " / " + denominator + ")";
      }
      case K::Neg: return "(- " + term(n.left) + ")";
      case K::Pow: return power(n);
      case K::Exp: return "(exp " + term(n.left) + ")";
      case K::Log: {
        const std::string argument = term(n.left);
        define("0 < " + argument);
        return "(ln " + argument + ")";
      }
      case K::Sqrt: {
        const std::string argument = term(n.left);
        define("0 <= " + argument);
        return "(sqrt " + argument + ")";
      }
      case K::Abs: return "(Rabs " + term(n.left) + ")";
      case K::Min: return "(Rmin " + term(n.left) + " " + term(n.right) + ")";
      case K::Max: return "(Rmax " + term(n.left) + " " + term(n.right) + ")";
    }
    throw NotTranslatable{"", "an unknown formula node"};
  }

 private:
  // x^n for a constant integer n only: Coq's pow takes a natural number.
  std::string power(const FormulaNode& n) {
    const std::optional<Rational> exponent = formula_.constant_value(n.right);
    if (exponent && *exponent == Rational(1, 2)) {  // evaluated as sqrt by the concrete checker too
      const std::string base = term(n.left);
      define("0 <= " + base);
      return "(sqrt " + base + ")";
    }
    if (!exponent || boost::multiprecision::denominator(*exponent) != 1 || abs(*exponent) > 64)
      throw NotTranslatable{"", "a power whose exponent is not a constant integer (at most 64 in size) or 1/2"};
    const std::string base = term(n.left);
    const long e = boost::multiprecision::numerator(*exponent).convert_to<long>();
    if (e >= 0) return "(" + base + " ^ " + std::to_string(e) + ")";
    define(base + " <> 0");
    return "(/ (" + base + " ^ " + std::to_string(-e) + "))";
  }

  void define(const std::string& proposition) {
    if (std::find(out_.defined.begin(), out_.defined.end(), proposition) == out_.defined.end())
      out_.defined.push_back(proposition);
  }

  const Formula& formula_;
  const CoqQuantityLookup& term_of_;
  CoqRelation& out_;
};

const char* coq_operator(RelationOp op) {
  switch (op) {
    case RelationOp::LessEqual: return "<=";
    case RelationOp::GreaterEqual: return ">=";
    case RelationOp::Less: return "<";
    case RelationOp::Greater: return ">";
    case RelationOp::Equal: return "=";
  }
  return "?";
}

}  // namespace

CoqTranslation translate_to_coq(const Relation& relation, const CoqQuantityLookup& term_of) {
  CoqTranslation result;
  CoqRelation out;
  try {
    const std::string lhs = CoqTranslator(relation.lhs(), term_of, out).term(relation.lhs().root());
    const std::string rhs = CoqTranslator(relation.rhs(), term_of, out).term(relation.rhs().root());
    out.text = lhs + " " + coq_operator(relation.op()) + " " + rhs;
    result.relation = std::move(out);
  } catch (const NotTranslatable& e) {
    result.missing_quantity = e.missing_quantity;
    result.unsupported = e.unsupported;
  }
  return result;
}

}  // namespace sinkcheck
