#include "util/version.hpp"

#include <charconv>

namespace tabhook::util {

std::optional<std::pair<int, int>> parse_api_version(std::string_view text) {
    const std::size_t dot = text.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    int major = 0, minor = 0;
    const char* end = text.data() + text.size();
    auto r1 = std::from_chars(text.data(), text.data() + dot, major);
    auto r2 = std::from_chars(text.data() + dot + 1, end, minor);
    if (r1.ec != std::errc() || r1.ptr != text.data() + dot || r2.ec != std::errc() || r2.ptr != end || dot == 0 ||
        dot + 1 == text.size())
        return std::nullopt;
    return std::pair{major, minor};
}

bool api_version_at_least(std::string_view version, std::string_view minimum) {
    const auto v = parse_api_version(version);
    const auto m = parse_api_version(minimum);
    return v && m && *v >= *m;
}

} // namespace tabhook::util
