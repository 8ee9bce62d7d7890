#pragma once
// Durations as people write them on a command line: "250ms", "30s", "5m", "1h", and sums of those
// ("1h30m"). A bare number is refused: "5" could mean seconds or minutes.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace tabhook::util {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

// The shortest exact spelling: "250ms", "30s", "5m", "1h30m".
std::string format_duration(std::chrono::milliseconds d);

} // namespace tabhook::util
