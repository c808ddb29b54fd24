// `sinkcheck heads`: the safetensors reader (dtypes, malformed files) and
// Figure 8's classification of the shipped example with certified signs.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <sstream>

#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "engine/safetensors.hpp"
#include "propositions/smoothing_heads.hpp"
#include "support.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

namespace {

const std::string example = std::string(SINKCHECK_SOURCE_ROOT) + "/examples/heads/heads.safetensors";

std::string le_bytes(std::uint64_t v, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s.push_back(char((v >> (8 * i)) & 0xff));
  return s;
}

std::string f64(const std::vector<double>& xs) {
  std::string s;
  for (double x : xs) {
    std::uint64_t bits;
    std::memcpy(&bits, &x, 8);
    s += le_bytes(bits, 8);
  }
  return s;
}

// A safetensors file from a JSON header and its data.
std::string write_safetensors(const std::string& name, const std::string& header, const std::string& data) {
  return write_temp(name, le_bytes(header.size(), 8) + header + data);
}

// beta [2], B [2, 2, 2], W [2, 2, 2] in F64, with a hook to damage the parts.
struct Heads {
  std::vector<double> beta{1.0, 0.5}, B{2, 0, 0, 1, 1, 0, 0, 1}, W{1, 0, 0, 1, -1, 0, 0, -1};
  std::string beta_shape = "[2]", B_shape = "[2,2,2]", W_shape = "[2,2,2]", W_dtype = "F64";
  std::string metadata;  // the __metadata__ object's members, as JSON text
  std::string write(const std::string& name) const {
    const std::size_t b = beta.size() * 8, m = B.size() * 8, w = W.size() * 8;
    const std::string header = "{" + (metadata.empty() ? "" : "\"__metadata__\":{" + metadata + "},") + "\"beta\":{\"dtype\":\"F64\",\"shape\":" + beta_shape +
                               ",\"data_offsets\":[0," + std::to_string(b) + "]},\"B\":{\"dtype\":\"F64\",\"shape\":" +
                               B_shape + ",\"data_offsets\":[" + std::to_string(b) + "," + std::to_string(b + m) +
                               "]},\"W\":{\"dtype\":\"" + W_dtype + "\",\"shape\":" + W_shape + ",\"data_offsets\":[" +
                               std::to_string(b + m) + "," + std::to_string(b + m + w) + "]}}";
    return write_safetensors(name, header, f64(beta) + f64(B) + f64(W));
  }
};

// `heads --json` of the example: the head labelled `label`.
nlohmann::json head_named(const nlohmann::json& report, const std::string& label) {
  for (const auto& h : report.at("heads"))
    if (h.at("label") == label) return h;
  FAIL("no head " << label);
  return nullptr;
}

}  // namespace

TEST_CASE("heads: the shipped example is classified with certified signs") {
  const CliRun r = cli({"heads", example, "--json"});
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  const auto report = nlohmann::json::parse(r.out);
  CHECK(report.at("schema") == "sinkcheck-heads/1");
  CHECK(head_named(report, "L1.H0").at("class") == "red");
  CHECK(head_named(report, "L1.H1").at("class") == "blue");
  CHECK(head_named(report, "L1.H2").at("class") == "grey");
  // antisymmetric W: tr(BW) is exactly 0, certified although rounding hides it
  const nlohmann::json zero = head_named(report, "L1.H3").at("signs").at("tr(BW)");  // a copy: head_named returns a value
  CHECK(zero.at("sign") == 0);
  CHECK(zero.at("decided") == true);
  CHECK(zero.at("approx") == 0.0);  // the certified zero, not the double estimate's rounding
  CHECK(head_named(report, "L1.H3").at("class") == "grey");
  // W = -beta I: exactly on the blue boundary, so grey
  CHECK(head_named(report, "L1.H4").at("class") == "grey");
  CHECK(head_named(report, "L1.H5").at("class") == "blue");
  bool exact_stage = false;
  const nlohmann::json h6 = head_named(report, "L1.H6");  // a copy: head_named returns a value
  for (const auto& [name, sign] : h6.at("signs").items()) exact_stage |= sign.at("stage") == "exact";
  CHECK(exact_stage);
  CHECK(report.at("counts") == nlohmann::json{{"red", 6}, {"blue", 2}, {"grey", 5}, {"undecided", 0}});
  // The table says the same (its exit code; its wording is the JSON's).
  CHECK(cli({"heads", example}).code == 0);
}

TEST_CASE("heads: a sign undecidable at the cap says so") {
  const CliRun r = cli({"heads", example, "--max-bits", "128", "--no-exact", "--json"});
  INFO(r.out);
  CHECK(r.code == 0);
  const auto report = nlohmann::json::parse(r.out);
  CHECK(head_named(report, "L1.H6").at("class") == "undecided");
  CHECK(report.at("counts").at("undecided") == 1);
}

TEST_CASE("heads: classification of hand-made heads") {
  MeasuredHead h;
  h.beta = 1;
  h.B = Eigen::MatrixXd::Identity(2, 2);
  h.W = Eigen::MatrixXd::Identity(2, 2) * -0.5;  // 0.5 (0.5 - 1) * 2 < 0: blue
  CHECK(classify_head(h, PrecisionPolicy()).colour == "blue");
  h.W = Eigen::MatrixXd::Identity(2, 2) * -1.0;  // exactly on the boundary
  const HeadClass boundary = classify_head(h, PrecisionPolicy());
  CHECK(boundary.colour == "grey");
  CHECK(boundary.blue.decided);
  CHECK(boundary.blue.sign == 0);
  h.B(0, 0) = -1;  // not PSD: tr(BW^T W) = 0 here, but tr(BW) flips
  h.W = Eigen::MatrixXd::Zero(2, 2);
  h.W(0, 0) = 2;  // tr(BW) = -2 * ... : beta tr(BW) < 0, tr(BW^T W) = -4 < 0
  const HeadClass bad = classify_head(h, PrecisionPolicy());
  CHECK(bad.note.find("not PSD") != std::string::npos);
}

TEST_CASE("safetensors: F64, F32, F16 and BF16 are read exactly") {
  std::string data = f64({1.5, -0.25});
  for (float x : {3.25f, -1e-3f}) {
    std::uint32_t bits;
    std::memcpy(&bits, &x, 4);
    data += le_bytes(bits, 4);
  }
  data += le_bytes(0x3c00, 2) + le_bytes(0xc000, 2) + le_bytes(0x7bff, 2) + le_bytes(0x0001, 2);  // F16: 1, -2, 65504, 2^-24
  data += le_bytes(0x3fc0, 2) + le_bytes(0xc080, 2);                                               // BF16: 1.5, -4
  const std::string path = write_safetensors(
      "dtypes.safetensors",
      R"({"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[16,24]},)"
      R"("c":{"dtype":"F16","shape":[2,2],"data_offsets":[24,32]},"d":{"dtype":"BF16","shape":[2],"data_offsets":[32,36]},)"
      R"("__metadata__":{"format":"np"}})",
      data);
  const SafetensorsFile f = read_safetensors(path);
  CHECK(f.tensors.at("a").values == std::vector<double>{1.5, -0.25});
  CHECK(f.tensors.at("b").values == std::vector<double>{3.25, double(-1e-3f)});
  CHECK(f.tensors.at("c").values == std::vector<double>{1, -2, 65504, std::ldexp(1.0, -24)});
  CHECK(f.tensors.at("c").shape == std::vector<std::size_t>{2, 2});
  CHECK(f.tensors.at("d").values == std::vector<double>{1.5, -4});
  CHECK(f.metadata.at("format") == "np");
}

TEST_CASE("heads: malformed files give clear errors and exit 2") {
  auto error_of = [](const std::string& path) {
    const CliRun r = cli({"heads", path});
    INFO(r.out);
    CHECK(r.code == 2);
    return r.err;
  };
  CHECK(cli({"heads", Heads().write("good.safetensors")}).code == 0);
  const std::string whole = read_file(example);
  CHECK_THAT(error_of(write_temp("cut.safetensors", whole.substr(0, whole.size() / 2))),
             Catch::Contains("truncated: the tensors end at byte"));
  CHECK_THAT(error_of(write_temp("tiny.safetensors", "abc")), Catch::Contains("truncated: shorter than the 8-byte"));
  CHECK_THAT(error_of(write_temp("header.safetensors", le_bytes(1000, 8) + "{}")),
             Catch::Contains("the header claims 1000 bytes but only 2 follow"));
  CHECK_THAT(error_of(write_safetensors("json.safetensors", "{\"beta\": [}", "")),
             Catch::Contains("the header is not a JSON object without duplicate keys: not valid JSON"));
  Heads h;
  h.W_shape = "[2,2,1]";
  h.W.resize(4);
  CHECK_THAT(error_of(h.write("shape.safetensors")), Catch::Contains("W has shape [2, 2, 1], expected [2, 2, 2]"));
  h = Heads();
  h.beta_shape = "[3]";
  h.beta.push_back(2);
  CHECK_THAT(error_of(h.write("count.safetensors")), Catch::Contains("B has shape [2, 2, 2], expected [H, d, d] with H = 3"));
  h = Heads();
  h.B[6] = std::nan("");
  CHECK_THAT(error_of(h.write("nan.safetensors")), Catch::Contains(": B[1][1][0] is NaN: measured values must be finite"));
  h = Heads();
  h.W[0] = HUGE_VAL;
  CHECK_THAT(error_of(h.write("inf.safetensors")), Catch::Contains("W[0][0][0] is infinite"));
  h = Heads();
  h.W_dtype = "I64";
  CHECK_THAT(error_of(h.write("dtype.safetensors")), Catch::Contains("tensor 'W': unsupported dtype 'I64'"));
  h = Heads();
  h.W_dtype = "F32";
  CHECK_THAT(error_of(h.write("bytes.safetensors")), Catch::Contains("tensor 'W': data_offsets hold 64 bytes, but its shape of F32 needs 32"));
  CHECK_THAT(error_of(write_safetensors("missing.safetensors", R"({"beta":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}})",
                                        f64({1}))),
             Catch::Contains("no tensor 'B'"));
  CHECK_THAT(error_of(temp_dir() + "/does-not-exist.safetensors"), Catch::Contains("cannot open"));
}

TEST_CASE("safetensors: every rule of the format is enforced and named") {
  auto error_of = [](const std::string& file) {
    try {
      parse_safetensors_bytes(file, "f");
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  auto file = [](const std::string& header, const std::string& data) { return le_bytes(header.size(), 8) + header + data; };
  auto tensor = [](const std::string& name, const std::string& dtype, const std::string& shape, std::size_t begin,
                   std::size_t end) {
    return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" +
           std::to_string(begin) + "," + std::to_string(end) + "]}";
  };
  const std::string two = f64({1, 2});
  // conforming: in any header order, with space padding and an empty tensor
  CHECK(error_of(file("{" + tensor("b", "F64", "[1]", 8, 16) + "," + tensor("a", "F64", "[1]", 0, 8) + "," +
                      tensor("e", "F32", "[0]", 16, 16) + "}    ",
                      two))
            .empty());
  // overlapping and shared byte ranges
  CHECK_THAT(error_of(file("{" + tensor("a", "F64", "[2]", 0, 16) + "," + tensor("b", "F64", "[1]", 8, 16) + "}", two)),
             Catch::Contains("rule broken: tensor 'b' [8, 16) overlaps tensor 'a'"));
  CHECK_THAT(error_of(file("{" + tensor("a", "F64", "[1]", 0, 8) + "," + tensor("b", "F64", "[1]", 0, 8) + "}", two)),
             Catch::Contains("overlaps tensor 'a'"));
  // a hole, and bytes after the last tensor
  CHECK_THAT(error_of(file("{" + tensor("a", "F64", "[1]", 8, 16) + "}", two)),
             Catch::Contains("bytes [0, 8) of the data belong to no tensor"));
  CHECK_THAT(error_of(file("{" + tensor("a", "F64", "[1]", 0, 8) + "}", two)),
             Catch::Contains("the data holds bytes after the last tensor's"));
  // misaligned: an F32 at byte 2
  CHECK_THAT(error_of(file("{" + tensor("h", "F16", "[1]", 0, 2) + "," + tensor("f", "F32", "[1]", 2, 6) + "}",
                           std::string(6, '\0'))),
             Catch::Contains("tensor 'f' starts at byte 2 of the data, not a multiple of its 4-byte elements"));
  // a duplicate key: the last would win silently in a lenient reader
  CHECK_THAT(error_of(file("{" + tensor("beta", "F64", "[1]", 0, 8) + "," + tensor("beta", "F64", "[1]", 8, 16) + "}", two)),
             Catch::Contains("duplicate key \"beta\""));
  // padding: NUL bytes and newlines are not spaces
  CHECK_THAT(error_of(file("{" + tensor("a", "F64", "[2]", 0, 16) + "}" + std::string(4, '\0'), two)),
             Catch::Contains("padded only with spaces (0x20) after its closing '}'; byte 0x00"));
  CHECK_THAT(error_of(file("{" + tensor("a", "F64", "[2]", 0, 16) + "}\n", two)), Catch::Contains("byte 0x0A"));
  CHECK_THAT(error_of(file(" {}", "")), Catch::Contains("must begin with '{'"));
  CHECK_THAT(error_of(file("[]", "")), Catch::Contains("must begin with '{'"));
  CHECK_THAT(error_of(file("{\"__metadata__\":{\"a\":1}}", "")), Catch::Contains("__metadata__.a must be a string"));
  CHECK_THAT(error_of(file("{" + tensor("a", "Q4", "[1]", 0, 1) + "}", "x")), Catch::Contains("'Q4' is not a safetensors dtype"));
  // limits, refused before any allocation
  CHECK_THAT(error_of(le_bytes(std::uint64_t(1) << 40, 8) + "{}"), Catch::Contains("more than the limit of 16777216"));
  CHECK_THAT(error_of(file("{" + tensor("a", "F64", "[100000,100000]", 0, 80000000000) + "}", "")),
             Catch::Contains("more than the limit of 67108864 values"));
  CHECK_THAT(error_of(file("{\"a\":" + std::string(100, '[') + std::string(100, ']') + "}", "")),
             Catch::Contains("nested more than 64 levels deep"));
}

TEST_CASE("heads: more work than the limit is refused before any value is lifted") {
  // Shapes only: the limits are checked before the values are looked at.
  auto heads_of_shape = [](std::size_t H, std::size_t d) {
    SafetensorsFile f;
    f.tensors["beta"] = Tensor{"F16", {H}, {}};
    f.tensors["B"] = Tensor{"F16", {H, d, d}, {}};
    f.tensors["W"] = Tensor{"F16", {H, d, d}, {}};
    std::ostringstream out;
    try {
      heads_report(f, "crafted", PrecisionPolicy(), out);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK_THAT(heads_of_shape(1, 1100), Catch::Contains("heads of dimension d = 1100, above the limit of 1024"));
  CHECK_THAT(heads_of_shape(500, 256),
             Catch::Contains("500 heads of dimension 256 need H d^3 = 8388608000 products per stage, above the limit"));
}

TEST_CASE("heads: a device without end or a folder is refused at once") {
  const CliRun zero = cli({"heads", "/dev/zero"});
  CHECK(zero.code == 2);
  CHECK_THAT(zero.err, Catch::Contains("/dev/zero: is not a regular file (a device)"));
  const CliRun random = cli({"heads", "/dev/urandom"});
  CHECK(random.code == 2);
  const CliRun folder = cli({"heads", temp_dir()});
  CHECK(folder.code == 2);
  CHECK_THAT(folder.err, Catch::Contains("is a directory"));
}

TEST_CASE("heads: metadata and labels are printed with control characters escaped (issue 25)") {
  // An ANSI escape in a file's metadata would recolour or clear the terminal.
  Heads h;
  h.metadata = R"("model":"\u001b[31mred\u001b[0m","labels":"a\u001b[2J,b\nforged line")";
  const CliRun r = cli({"heads", h.write("escapes.safetensors")});
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find('\x1b') == std::string::npos);
  CHECK_THAT(r.out, Catch::Contains("model: \\x1b[31mred\\x1b[0m"));
  CHECK_THAT(r.out, Catch::Contains("a\\x1b[2J "));
  CHECK_THAT(r.out, Catch::Contains("b\\x0aforged line "));
}

TEST_CASE("heads: a B that is no covariance is refused, naming the head (issue 25)") {
  auto error_of = [](const Heads& h, const std::string& name) {
    const CliRun r = cli({"heads", h.write(name)});
    INFO(r.out);
    CHECK(r.code == 2);
    return r.err;
  };
  Heads h;
  h.B = {2, 1, 0, 1, 1, 0, 0, 1};  // head 0: [[2, 1], [0, 1]]
  CHECK_THAT(error_of(h, "asymmetric.safetensors"), Catch::Contains("B[0] is not symmetric (entry [1][0] differs from [0][1])"));
  h = Heads();
  h.B[7] = -1;  // head 1: a negative variance
  CHECK_THAT(error_of(h, "negative.safetensors"), Catch::Contains("B[1][1][1] = -1.000000: a negative variance"));
  h = Heads();
  h.B = {2, 0, 0, 1, 1, 2, 2, 1};  // head 1: [[1, 2], [2, 1]], eigenvalues 3 and -1
  CHECK_THAT(error_of(h, "indefinite.safetensors"), Catch::Contains("B[1] is not positive semidefinite (v^T B v < 0, exactly"));
  h = Heads();
  h.B = {0, 0, 0, 0, 1, 1, 1, 1};  // singular covariances (rank 0 and 1) are covariances
  CHECK(cli({"heads", h.write("singular.safetensors")}).code == 0);
}
