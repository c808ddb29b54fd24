#include "engine/bounded_json.hpp"

#include <algorithm>
#include <set>
#include <vector>

#include "verify/rational.hpp"

namespace sinkcheck {

nlohmann::json parse_json_bounded(const char* begin, const char* end, std::size_t max_depth) {
  using Event = nlohmann::json::parse_event_t;
  std::vector<std::set<std::string>> keys_of_open_objects;
  const nlohmann::json::parser_callback_t callback = [&](int depth, Event event, nlohmann::json& parsed) {
    switch (event) {
      case Event::object_start:
      case Event::array_start:
        if (std::size_t(depth) >= max_depth)
          throw JsonInputError("nested more than " + std::to_string(max_depth) + " levels deep");
        if (event == Event::object_start) keys_of_open_objects.emplace_back();
        break;
      case Event::key:
        if (!keys_of_open_objects.empty() && !keys_of_open_objects.back().insert(parsed.get<std::string>()).second)
          throw JsonInputError("duplicate key \"" + abbreviated(parsed.get<std::string>()) +
                               "\" in one object (JSON readers disagree on which one counts)");
        break;
      case Event::object_end:
        if (!keys_of_open_objects.empty()) keys_of_open_objects.pop_back();
        break;
      default: break;
    }
    return true;
  };
  // JSON text has no raw NUL (control characters in strings are escaped), and
  // the parser may stop at one, accepting what follows it unread.
  if (const char* nul = std::find(begin, end, '\0'); nul != end)
    throw JsonInputError("not valid JSON: a NUL byte at offset " + std::to_string(nul - begin));
  try {
    return nlohmann::json::parse(begin, end, callback);
  } catch (const nlohmann::json::exception& e) {
    // parse_error, and out_of_range for a number beyond a double (1e+3000)
    throw JsonInputError(std::string("not valid JSON: ") + e.what());
  }
}

}  // namespace sinkcheck
