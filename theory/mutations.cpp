#include "theory/mutations.hpp"

#include <cstdio>
#include <set>

namespace sinkcheck {

std::string Mutant::text() const { return claim_text(claim); }

namespace {

struct Collector {
  const StatementTheory& statement;
  const std::vector<Variable>& variables;
  std::vector<Mutant> out;
  std::set<std::string> seen;

  void add(std::size_t index, const std::string& kind, ClaimTheory changed) {
    const std::string original = claim_text(statement.claims[index]);
    const std::string text = claim_text(changed);
    if (text == original || !seen.insert(std::to_string(index) + "|" + text).second) return;
    out.push_back(Mutant{statement.id, index, kind, original, std::move(changed)});
  }

  // Every single-node edit of one side of a relation, re-parsed from text so
  // that a mutant is exactly what an author could have written.
  template <class Emit>
  void edit_formula(const Formula& f, const Emit& emit) {
    using K = FormulaNode::Kind;
    for (std::size_t i = 0; i < f.nodes().size(); ++i) {
      const FormulaNode& n = f.nodes()[i];
      if (n.kind == K::Number && n.number != 0) {
        for (int percent : {1, 5, 10})
          for (int sign : {-1, 1}) {
            FormulaNode moved = n;
            moved.number = n.number * Rational(100 + sign * percent, 100);
            char label[32];
            std::snprintf(label, sizeof label, "constant x%.2f", (100 + sign * percent) / 100.0);
            emit(f.with_node(int(i), moved), label);
          }
      }
      if (n.kind == K::Add || n.kind == K::Sub) {
        emit(f.with_node(int(i), f.nodes()[std::size_t(n.left)]), "term removed");
        if (n.kind == K::Add) {
          emit(f.with_node(int(i), f.nodes()[std::size_t(n.right)]), "term removed");
        } else {
          FormulaNode negated{K::Neg, 0, 0, n.right, -1};
          emit(f.with_node(int(i), negated), "term removed");
        }
      }
    }
  }

  Relation reparse(const std::string& text) { return Relation::parse(text, variables); }

  void mutate_claim(std::size_t index) {
    const ClaimTheory& claim = statement.claims[index];
    const Relation& holds = claim.holds;
    auto with_holds = [&](const std::string& text) {
      ClaimTheory c = claim;
      c.holds = reparse(text);
      return c;
    };
    edit_formula(holds.lhs(), [&](const Formula& lhs, const std::string& kind) {
      add(index, kind, with_holds(Relation::compose(lhs, holds.op(), holds.rhs())));
    });
    edit_formula(holds.rhs(), [&](const Formula& rhs, const std::string& kind) {
      add(index, kind, with_holds(Relation::compose(holds.lhs(), holds.op(), rhs)));
    });
    // The bound itself tightened by 1%, 5%, 10% of its size: the unsafe
    // direction whatever the bound's sign, and it works on bounds without a
    // numeric constant (kappa*sqrt(d)/(rho_Q*rho_K)). An equality is moved
    // both ways. A constant bound is left to the constant mutations.
    if (!holds.rhs().constant_value(holds.rhs().root())) {
      const std::string bound = "(" + holds.rhs().to_text() + ")";
      std::vector<int> signs;
      if (holds.op() == RelationOp::LessEqual || holds.op() == RelationOp::Less) signs = {-1};
      else if (holds.op() == RelationOp::GreaterEqual || holds.op() == RelationOp::Greater) signs = {1};
      else signs = {-1, 1};
      for (int percent : {1, 5, 10})
        for (int sign : signs) {
          const std::string moved = bound + (sign < 0 ? " - " : " + ") + std::to_string(percent) + "/100*abs" + bound;
          const std::string kind = signs.size() == 1 ? "bound tightened " : "bound moved ";
          add(index, kind + std::to_string(percent) + "%",
              with_holds(Relation::compose(holds.lhs(), holds.op(), Formula::parse(moved, variables))));
        }
    }
    const RelationOp flipped[] = {RelationOp::GreaterEqual, RelationOp::LessEqual, RelationOp::Greater,
                                  RelationOp::Less, RelationOp::Equal};
    if (holds.op() != RelationOp::Equal)
      add(index, "relation flipped",
          with_holds(Relation::compose(holds.lhs(), flipped[int(holds.op())], holds.rhs())));
    for (std::size_t a = 0; a < claim.assume.size(); ++a) {
      ClaimTheory c = claim;
      c.assume.erase(c.assume.begin() + long(a));
      add(index, "assumption dropped", c);
      const Relation& assumption = claim.assume[a];
      auto with_assumption = [&](const std::string& text) {
        ClaimTheory changed = claim;
        changed.assume[a] = reparse(text);
        return changed;
      };
      edit_formula(assumption.rhs(), [&](const Formula& rhs, const std::string& kind) {
        if (kind.rfind("constant", 0) == 0)
          add(index, "assumption " + kind, with_assumption(Relation::compose(assumption.lhs(), assumption.op(), rhs)));
      });
    }
  }
};

}  // namespace

std::vector<Mutant> mutants_of(const StatementTheory& statement, const std::vector<Variable>& variables) {
  Collector c{statement, variables, {}, {}};
  for (std::size_t i = 0; i < statement.claims.size(); ++i) c.mutate_claim(i);
  return c.out;
}

}  // namespace sinkcheck
