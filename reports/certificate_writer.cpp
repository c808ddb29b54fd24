// certificates.json: the exact certificates behind a run's verdicts, beside
// report.json (docs/report-schema.md, "certificates.json"). Deterministic like
// the report: the same seed and theory give the same bytes, whether the case
// certificates were held in memory (merge) or spooled to disk as the cases
// completed (check).
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "engine/distributed.hpp"
#include "reports/writers.hpp"

namespace sinkcheck {

namespace {

nlohmann::json stored_case(const CaseRecord& c, const std::string& reading) {
  nlohmann::json j = {{"case", c.case_index}, {"case_seed", c.case_seed}, {"claim", c.claim}};
  if (!reading.empty()) j["reading"] = reading;
  j["inputs"] = c.inputs;
  j["certificate"] = c.certificate;
  return j;
}

// `object` as nlohmann's compact dump() writes it (keys in its order),
// except the value of `spliced`, which `write_spliced` appends itself.
void dump_object_splicing(const nlohmann::json& object, const std::string& spliced, AtomicFile& out,
                          const std::function<void(const nlohmann::json&)>& write_spliced) {
  out.append("{");
  bool first = true;
  for (const auto& [key, value] : object.items()) {
    if (!first) out.append(",");
    first = false;
    out.append(nlohmann::json(key).dump());
    out.append(":");
    if (key == spliced)
      write_spliced(value);
    else
      out.append(value.dump());
  }
  out.append("}");
}

}  // namespace

nlohmann::json certificates_json(const RunReport& report) {
  nlohmann::json statements = nlohmann::json::array();
  for (const StatementResult& s : report.statements) {
    nlohmann::json counterexamples = nlohmann::json::array(), undecided = nlohmann::json::array();
    auto add = [&](const StatementResult& r, const std::string& reading) {
      for (const CaseRecord& c : r.counterexample_cases)
        if (!c.certificate.is_null()) counterexamples.push_back(stored_case(c, reading));
      for (const CaseRecord& c : r.undecided_cases)
        if (!c.certificate.is_null()) undecided.push_back(stored_case(c, reading));
    };
    add(s, "");
    for (const StatementResult& other : s.other_readings) add(other, other.reading);
    statements.push_back({{"id", s.id},
                          // The random cases run: `cases` holds one certificate for each
                          // (P1, P4), so a reader can tell that none is missing.
                          {"random_cases", s.cases - s.targeted.cases},
                          {"cases", s.case_certificates},
                          {"counterexample_cases", counterexamples},
                          {"undecided_cases", undecided},
                          {"statement_certificates", s.statement_certificates}});
  }
  return {{"schema", "sinkcheck-certificates/1"},
          {"tool_version", report.tool_version},
          {"seed", report.seed},
          {"theory", {{"path", report.theory_path}, {"fingerprint", report.theory_fingerprint}}},
          {"complete", report.complete},
          {"statements", statements}};
}

struct CertificateSpool::Spool {
  std::string path;
  std::ofstream file;
  bool empty = true;
};

CertificateSpool::CertificateSpool(std::string directory) : directory_(std::move(directory)) {}

CertificateSpool::~CertificateSpool() {
  for (const auto& spool : spools_)
    if (spool) {
      spool->file.close();
      std::remove(spool->path.c_str());
    }
}

std::function<void(nlohmann::json&&)> CertificateSpool::sink(std::size_t index) {
  if (spools_.size() <= index) spools_.resize(index + 1);
  return [this, index](nlohmann::json&& certificate) {
    std::unique_ptr<Spool>& spool = spools_[index];
    if (!spool) {  // opened at the first certificate: the report folder exists by then
      spool = std::make_unique<Spool>();
      spool->path = directory_ + "/.certificates.json.cases-" + std::to_string(index);
      spool->file.open(spool->path, std::ios::binary | std::ios::trunc);
      if (!spool->file) throw std::runtime_error(spool->path + ": cannot create");
    }
    if (!spool->empty) spool->file << ',';
    spool->empty = false;
    spool->file << certificate.dump();
    if (!spool->file) throw std::runtime_error(spool->path + ": write failed");
  };
}

bool CertificateSpool::copy_to(std::size_t index, AtomicFile& out) {
  if (index >= spools_.size() || !spools_[index]) return false;
  Spool& spool = *spools_[index];
  spool.file.flush();
  std::ifstream in(spool.path, std::ios::binary);
  std::string chunk(1 << 20, '\0');
  while (in) {
    in.read(chunk.data(), std::streamsize(chunk.size()));
    out.append(std::string_view(chunk.data(), std::size_t(in.gcount())));
  }
  if (in.bad()) throw std::runtime_error(spool.path + ": read failed");
  return true;
}

void write_certificates(const std::string& directory, const RunReport& report, CertificateSpool* spool) {
  if (is_worker_process()) return;
  std::filesystem::create_directories(directory);
  AtomicFile out(directory + "/certificates.json");
  const nlohmann::json document = certificates_json(report);
  dump_object_splicing(document, "statements", out, [&](const nlohmann::json& statements) {
    out.append("[");
    for (std::size_t i = 0; i < statements.size(); ++i) {
      if (i) out.append(",");
      dump_object_splicing(statements[i], "cases", out, [&](const nlohmann::json& held) {
        out.append("[");
        if (!spool || !spool->copy_to(i, out))
          for (std::size_t k = 0; k < held.size(); ++k) {
            if (k) out.append(",");
            out.append(held[k].dump());
          }
        out.append("]");
      });
    }
    out.append("]");
  });
  out.append("\n");
  out.commit();
}

}  // namespace sinkcheck
