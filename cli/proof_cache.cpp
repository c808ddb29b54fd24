#include "cli/proof_cache.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/results.hpp"
#include "propositions/coq_libraries.hpp"
#include "reports/writers.hpp"

namespace sinkcheck {

std::string ProofCacheKey::file_name() const {
  // Two FNV-1a hashes (of the text and of it reversed): a file name, not a
  // guarantee; the stored key is compared in full.
  return fingerprint(text) + fingerprint(std::string(text.rbegin(), text.rend())) + ".json";
}

ProofCacheKey proof_cache_key(const std::string& statement_id, const ClaimTheory& claim, const DomainTable& domain,
                              const ClaimCoqFile& file, const std::string& tool_version) {
  std::ostringstream key;
  key << "sinkcheck " << tool_version << "\nstatement " << statement_id << "\nassume " << assumptions_text(claim)
      << "\nholds " << claim.holds.text() << "\ndomain";
  for (const auto& [name, entry] : domain.entries()) key << " " << name << "=" << to_string(entry.value);
  // The theorems as generated (after the header comment, which names the
  // claim and its place in the file).
  const std::size_t body = file.text.find("*)\n");
  key << "\ncoq\n" << file.text.substr(body == std::string::npos ? 0 : body + 3);
  for (const std::string& module : coq_libraries_in_order({file.library}))
    key << "\nlibrary " << module << " " << fingerprint(*coq_library_text(module));
  return ProofCacheKey{key.str()};
}

std::string proof_cache_folder() {
  if (const char* own = std::getenv("SINKCHECK_PROOF_CACHE"); own && *own) return own;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/sinkcheck/proofs";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/sinkcheck/proofs";
  return "";
}

std::optional<CachedProof> cached_proof(const ProofCacheKey& key) {
  const std::string folder = proof_cache_folder();
  if (folder.empty()) return std::nullopt;
  std::ifstream in(folder + "/" + key.file_name(), std::ios::binary);
  if (!in) return std::nullopt;
  const nlohmann::json entry = nlohmann::json::parse(in, nullptr, false);
  if (!entry.is_object() || !entry.contains("key") || !entry["key"].is_string() || entry["key"] != key.text ||
      !entry.contains("scope") || !entry["scope"].is_string() || !entry.contains("witnessed") ||
      !entry["witnessed"].is_boolean())
    return std::nullopt;
  return CachedProof{entry["scope"].get<std::string>(), entry["witnessed"].get<bool>()};
}

void store_proof(const ProofCacheKey& key, const std::string& scope, bool witnessed) {
  const std::string folder = proof_cache_folder();
  if (folder.empty()) return;
  try {
    write_file_atomically_in(folder, key.file_name(), nlohmann::json{{"key", key.text}, {"scope", scope}, {"witnessed", witnessed}}.dump(1) + "\n");
  } catch (const std::exception&) {
    // A read-only home: proofs are only not remembered.
  }
}

}  // namespace sinkcheck
