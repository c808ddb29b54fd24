#pragma once
// A model's contract, in one place: the hooks engine/model_statement.hpp and
// engine/targeted_search.hpp call, each with its exact signature. The
// required ones must be there; an optional one is used only when the model
// lists it in `static constexpr unsigned hooks = model_hook::figures | …;`
// A listed hook that is missing, misspelt, non-const or of another type, and
// a hook defined under its name but not listed, are compile errors (the
// static_asserts of ModelContract), not a feature silently turned off.
#include <map>
#include <string>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>
#include <rapidcheck/Gen.h>

#include "engine/figure.hpp"
#include "engine/perturb.hpp"
#include "engine/statement.hpp"
#include "engine/symbolic_model.hpp"

namespace sinkcheck {

// Required:
//   using Instance = …;
//   rc::Gen<Instance> generator(const DomainTable&) const;
//   StagedQuantities staged(const Instance&) const;
//   nlohmann::json to_json(const Instance&) const;
//   Instance from_json(const nlohmann::json&) const;  (throws std::invalid_argument naming the field)
//
// Optional, each with its flag:
namespace model_hook {
enum : unsigned {
  // std::vector<Figure> figures(const Instance&) const: pictures of a stored
  // case for the HTML report.
  figures = 1u << 0,
  // nlohmann::json certificate(const Instance&) const: the exact certificates
  // a case's verdicts rest on (certificates.json, docs/report-schema.md);
  // called only with RunOptions::certificates.
  certificate = 1u << 1,
  // StatementExtras statement_extras(const StatementTheory&, const
  // DomainTable&, const RunOptions&) const: tables and pictures of the
  // statement as a whole, made once per run beside its cases.
  statement_extras = 1u << 2,
  // std::vector<std::string> domain_notes(const DomainTable&) const: what the
  // domain changes about the run, appended to the statement's notes.
  domain_notes = 1u << 3,
  // Instance from_parameters(const std::map<std::string, Rational>&) const and
  // StagedQuantities staged_for_sweep(const Instance&, const Relation&) const:
  // the canonical instance of a parameter sweep (`sinkcheck boundary`) and the
  // quantities deciding the relation needs.
  parameter_sweep = 1u << 4,
  // bool in_domain(const Instance&, const DomainTable&) const: whether an
  // instance stays inside the generator's domain; the targeted phase rejects
  // moves that leave it.
  in_domain = 1u << 5,
  // Instance targeted_move(const Instance&, double sigma, SearchRandom&) const:
  // the model's own move for the targeted phase (instead of the generic moves
  // on its exact inputs).
  targeted_move = 1u << 6,
  // const SymbolicModel* symbolic() const: the quantities as closed forms for
  // `sinkcheck prove` (engine/symbolic_model.hpp).
  symbolic = 1u << 7,
};
}  // namespace model_hook

namespace contract_detail {

template <class M, class = void>
struct listed_hooks : std::integral_constant<unsigned, 0> {};
template <class M>
struct listed_hooks<M, std::void_t<decltype(M::hooks)>> : std::integral_constant<unsigned, unsigned(M::hooks)> {};

// Whether `M` has a member of this name at all, whatever its signature (an
// overloaded name counts as present: its address is ambiguous).
#define SINKCHECK_MEMBER_NAMED(name)                                                            \
  template <class M, class = void>                                                             \
  struct names_##name : std::false_type {};                                                    \
  template <class M>                                                                           \
  struct names_##name<M, std::void_t<decltype(&M::name)>> : std::true_type {};
SINKCHECK_MEMBER_NAMED(figures)
SINKCHECK_MEMBER_NAMED(certificate)
SINKCHECK_MEMBER_NAMED(statement_extras)
SINKCHECK_MEMBER_NAMED(domain_notes)
SINKCHECK_MEMBER_NAMED(staged_for_sweep)
SINKCHECK_MEMBER_NAMED(from_parameters)
SINKCHECK_MEMBER_NAMED(in_domain)
SINKCHECK_MEMBER_NAMED(targeted_move)
SINKCHECK_MEMBER_NAMED(symbolic)
#undef SINKCHECK_MEMBER_NAMED

// `M` has the hook with exactly this result, callable on a const model.
#define SINKCHECK_HOOK(name, result, ...)                                                       \
  template <class M, class = void>                                                             \
  struct has_##name : std::false_type {};                                                      \
  template <class M>                                                                           \
  struct has_##name<M, std::void_t<decltype(std::declval<const M&>().name(__VA_ARGS__))>>     \
      : std::is_same<decltype(std::declval<const M&>().name(__VA_ARGS__)), result> {};
template <class M>
using In = const typename M::Instance&;
SINKCHECK_HOOK(generator, rc::Gen<typename M::Instance>, std::declval<const DomainTable&>())
SINKCHECK_HOOK(staged, StagedQuantities, std::declval<In<M>>())
SINKCHECK_HOOK(to_json, nlohmann::json, std::declval<In<M>>())
SINKCHECK_HOOK(from_json, typename M::Instance, std::declval<const nlohmann::json&>())
SINKCHECK_HOOK(figures, std::vector<Figure>, std::declval<In<M>>())
SINKCHECK_HOOK(certificate, nlohmann::json, std::declval<In<M>>())
SINKCHECK_HOOK(statement_extras, StatementExtras, std::declval<const StatementTheory&>(),
               std::declval<const DomainTable&>(), std::declval<const RunOptions&>())
SINKCHECK_HOOK(domain_notes, std::vector<std::string>, std::declval<const DomainTable&>())
SINKCHECK_HOOK(from_parameters, typename M::Instance, std::declval<const std::map<std::string, Rational>&>())
SINKCHECK_HOOK(staged_for_sweep, StagedQuantities, std::declval<In<M>>(), std::declval<const Relation&>())
SINKCHECK_HOOK(in_domain, bool, std::declval<In<M>>(), std::declval<const DomainTable&>())
SINKCHECK_HOOK(targeted_move, typename M::Instance, std::declval<In<M>>(), 0.0, std::declval<SearchRandom&>())
SINKCHECK_HOOK(symbolic, const SymbolicModel*, )
#undef SINKCHECK_HOOK

template <class M, class = void>
struct has_instance : std::false_type {};
template <class M>
struct has_instance<M, std::void_t<typename M::Instance>> : std::true_type {};

}  // namespace contract_detail

// Checks `Model` against the contract where a statement over it is made
// (ModelStatement); `ModelContract<Model>::figures` … say which optional
// hooks the engine calls.
template <class Model>
struct ModelContract {
  static constexpr unsigned listed = contract_detail::listed_hooks<Model>::value;
  static constexpr bool lists(unsigned hook) { return (listed & hook) != 0; }

  static_assert(contract_detail::has_instance<Model>::value, "a model needs `using Instance = …;`");
  static_assert(contract_detail::has_generator<Model>::value,
                "a model needs `rc::Gen<Instance> generator(const DomainTable&) const`");
  static_assert(contract_detail::has_staged<Model>::value,
                "a model needs `StagedQuantities staged(const Instance&) const`");
  static_assert(contract_detail::has_to_json<Model>::value,
                "a model needs `nlohmann::json to_json(const Instance&) const`");
  static_assert(contract_detail::has_from_json<Model>::value,
                "a model needs `Instance from_json(const nlohmann::json&) const`");
  static_assert((listed & ~((model_hook::symbolic << 1) - 1)) == 0, "`hooks` lists a flag that is not a model_hook");

  // A listed hook must have its exact signature; a hook's name must be listed.
#define SINKCHECK_OPTIONAL_HOOK(flag, present, named, signature)                                               \
  static_assert(!lists(model_hook::flag) || contract_detail::present<Model>::value,                            \
                "the model lists model_hook::" #flag " but has no `" signature "` (misspelt? not const?)"); \
  static_assert(lists(model_hook::flag) || !contract_detail::named<Model>::value,                              \
                "the model defines a " #flag " hook but does not list model_hook::" #flag " in `hooks`");
  SINKCHECK_OPTIONAL_HOOK(figures, has_figures, names_figures, "std::vector<Figure> figures(const Instance&) const")
  SINKCHECK_OPTIONAL_HOOK(certificate, has_certificate, names_certificate,
                          "nlohmann::json certificate(const Instance&) const")
  SINKCHECK_OPTIONAL_HOOK(statement_extras, has_statement_extras, names_statement_extras,
                          "StatementExtras statement_extras(const StatementTheory&, const DomainTable&, "
                          "const RunOptions&) const")
  SINKCHECK_OPTIONAL_HOOK(domain_notes, has_domain_notes, names_domain_notes,
                          "std::vector<std::string> domain_notes(const DomainTable&) const")
  SINKCHECK_OPTIONAL_HOOK(parameter_sweep, has_from_parameters, names_from_parameters,
                          "Instance from_parameters(const std::map<std::string, Rational>&) const")
  SINKCHECK_OPTIONAL_HOOK(parameter_sweep, has_staged_for_sweep, names_staged_for_sweep,
                          "StagedQuantities staged_for_sweep(const Instance&, const Relation&) const")
  SINKCHECK_OPTIONAL_HOOK(in_domain, has_in_domain, names_in_domain,
                          "bool in_domain(const Instance&, const DomainTable&) const")
  SINKCHECK_OPTIONAL_HOOK(targeted_move, has_targeted_move, names_targeted_move,
                          "Instance targeted_move(const Instance&, double sigma, SearchRandom&) const")
  SINKCHECK_OPTIONAL_HOOK(symbolic, has_symbolic, names_symbolic, "const SymbolicModel* symbolic() const")
#undef SINKCHECK_OPTIONAL_HOOK

  static constexpr bool figures = lists(model_hook::figures);
  static constexpr bool certificate = lists(model_hook::certificate);
  static constexpr bool statement_extras = lists(model_hook::statement_extras);
  static constexpr bool domain_notes = lists(model_hook::domain_notes);
  static constexpr bool parameter_sweep = lists(model_hook::parameter_sweep);
  static constexpr bool in_domain = lists(model_hook::in_domain);
  static constexpr bool targeted_move = lists(model_hook::targeted_move);
  static constexpr bool symbolic = lists(model_hook::symbolic);
};

// The engine's names for the optional hooks (true only when listed, and then checked).
template <class M> struct has_figures : std::bool_constant<ModelContract<M>::figures> {};
template <class M> struct has_certificate : std::bool_constant<ModelContract<M>::certificate> {};
template <class M> struct has_statement_extras : std::bool_constant<ModelContract<M>::statement_extras> {};
template <class M> struct has_domain_notes : std::bool_constant<ModelContract<M>::domain_notes> {};
template <class M> struct has_parameter_sweep : std::bool_constant<ModelContract<M>::parameter_sweep> {};
template <class M> struct has_in_domain : std::bool_constant<ModelContract<M>::in_domain> {};
template <class M> struct has_targeted_move : std::bool_constant<ModelContract<M>::targeted_move> {};
template <class M> struct has_symbolic : std::bool_constant<ModelContract<M>::symbolic> {};

}  // namespace sinkcheck
