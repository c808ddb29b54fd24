#include "engine/shard.hpp"

#include <stdexcept>

namespace sinkcheck {

CaseRange shard_range(const ShardSpec& shard, std::size_t cases) {
  return {(shard.index - 1) * cases / shard.count, shard.index * cases / shard.count};
}

ShardSpec parse_shard(const std::string& text) {
  const std::string usage = "--shard " + text + ": expected I/N with 1 <= I <= N <= " + std::to_string(kMaxShards) +
                            " (e.g. 2/8, the second of eight parts)";
  const auto slash = text.find('/');
  auto whole_number = [&](const std::string& digits) {
    if (digits.empty() || digits.size() > 7 || digits.find_first_not_of("0123456789") != std::string::npos)
      throw std::invalid_argument(usage);
    return std::size_t(std::stoul(digits));
  };
  if (slash == std::string::npos) throw std::invalid_argument(usage);
  const ShardSpec shard{whole_number(text.substr(0, slash)), whole_number(text.substr(slash + 1))};
  if (shard.count < 1 || shard.count > kMaxShards || shard.index < 1 || shard.index > shard.count)
    throw std::invalid_argument(usage);
  return shard;
}

}  // namespace sinkcheck
