#include "propositions/coq_libraries.hpp"

#include <algorithm>
#include <regex>
#include <set>
#include <stdexcept>

namespace sinkcheck {

const std::string* coq_library_text(const std::string& module) {
  for (const CoqLibrary& library : coq_libraries())
    if (library.module == module) return &library.text;
  return nullptr;
}

namespace {

// The Sinkcheck modules a library imports.
std::vector<std::string> sinkcheck_imports(const std::string& text) {
  static const std::regex require(R"(From\s+Sinkcheck\s+Require\s+(?:Import\s+|Export\s+)?([A-Za-z0-9_\s]+)\.)");
  static const std::regex word(R"([A-Za-z0-9_]+)");
  std::vector<std::string> imports;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), require); it != std::sregex_iterator(); ++it) {
    const std::string names = (*it)[1];
    for (auto w = std::sregex_iterator(names.begin(), names.end(), word); w != std::sregex_iterator(); ++w)
      imports.push_back(w->str());
  }
  return imports;
}

void visit(const std::string& module, std::set<std::string>& open, std::vector<std::string>& order) {
  if (std::find(order.begin(), order.end(), module) != order.end()) return;
  if (!open.insert(module).second) throw std::logic_error("Coq libraries import each other in a cycle at " + module);
  const std::string* text = coq_library_text(module);
  if (!text) throw std::logic_error("no Coq library " + module + " in propositions/coq/");
  for (const std::string& imported : sinkcheck_imports(*text)) visit(imported, open, order);
  open.erase(module);
  order.push_back(module);
}

}  // namespace

std::vector<std::string> coq_libraries_in_order(const std::vector<std::string>& modules) {
  std::vector<std::string> order;
  std::set<std::string> open;
  for (const std::string& module : modules) visit(module, open, order);
  return order;
}

}  // namespace sinkcheck
