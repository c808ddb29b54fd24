#include "propositions/smoothing_coq.hpp"

#include "propositions/smoothing.hpp"

namespace sinkcheck {

namespace {

// The Coq definition of each quantity, applied to the family's variables.
// Scalars take the instance; vectors also take the coordinate lam.
const std::map<std::string, std::string> kScalarDefinitions = {
    {"dD0", "dD0"},       {"dD1", "dD1"},       {"dD_max", "dD_max"},         {"dD_min", "dD_min"},
    {"dN_max", "dN_max"}, {"dN_min", "dN_min"}, {"Y2_min", "Y2_min"},         {"D_dec", "D_dec"},
    {"D_inc", "D_inc"},   {"N_inc", "N_inc"},   {"N_dec", "N_dec"},           {"D_monotone", "D_monotone"},
    {"rho_inc", "rho_inc"}, {"rho_dec", "rho_dec"}, {"D_interior_min", "D_interior_min"}};
const std::map<std::string, std::string> kVectorDefinitions = {
    {"D", "D_at"},   {"N", "N_at"},     {"Y2", "Y2_at"}, {"Ebar", "Ebar_at"},
    {"rho", "rho_at"}, {"dD", "dD_at"}, {"dN", "dN_at"}, {"drho", "drho_at"}};

CoqFamily dimension_family(long d) {
  const std::string n = std::to_string(d), instance = n + " k beta mu L W";
  CoqFamily f;
  f.label = "d" + n;
  f.scope = "tokens in R^" + n + ": every real k >= 2, every beta, mu, W and B = L L^T, every lam in [0,1]";
  // L is d x d: a d x r factor (r <= d) is L padded with zero columns, the same B.
  f.binders = {"(k beta : R)", "(mu : nat -> R)", "(L W : nat -> nat -> R)"};
  f.hypotheses = {"2 <= k"};
  f.quantities = {{"k", "k"},
                  {"beta", "beta"},
                  {"lam", "lam"},
                  {"trB", "trB " + n + " L"},
                  {"trBW", "trBW " + n + " L W"},
                  {"trBWtW", "trBWtW " + n + " L W"},
                  {"mu_norm2", "mu_norm2 " + n + " beta mu W"}};
  for (const auto& [name, definition] : kScalarDefinitions) f.quantities[name] = definition + " " + instance;
  for (const auto& [name, definition] : kVectorDefinitions)
    f.quantities[name] = definition + " " + instance + " lam";
  // Every quantity has a value everywhere (rho and rho' are 0 where E||Y_i||^2 = 0, as in the concrete model).
  f.coordinate_binder = "(lam : R)";
  f.coordinate_hypothesis = "0 <= lam <= 1";
  return f;
}

}  // namespace

const SymbolicModel& smoothing_coq_model() {
  static const SymbolicModel model{
      "SinkcheckSmoothing", "sinkcheck_smoothing_auto",
      [](const DomainTable& domain) {
        return "every d <= " + std::to_string(smoothing_domain(domain).dim_max) +
               ", every real k >= 2 (every number of tokens), every beta, mu, W and PSD B, every lam in [0,1]";
      },
      [](const DomainTable& domain) {
        std::vector<CoqFamily> families;
        for (long d = 1; d <= smoothing_domain(domain).dim_max; ++d) families.push_back(dimension_family(d));
        return families;
      },
      {}};
  return model;
}

}  // namespace sinkcheck
