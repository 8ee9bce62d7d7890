#pragma once
// REST API versions are "major.minor" with a numeric minor: 3.10 is newer than 3.9.
#include <optional>
#include <string_view>
#include <utility>

namespace tabhook::util {

std::optional<std::pair<int, int>> parse_api_version(std::string_view text);

// False when either side does not parse.
bool api_version_at_least(std::string_view version, std::string_view minimum);

} // namespace tabhook::util
