#pragma once
// The one way tabhook writes JSON: nlohmann's default dump throws (type_error.316) on a string that is
// not valid UTF-8, which would abort a command or the daemon. The decoders already make every server
// string valid UTF-8; this is the second line: anything that still is not becomes U+FFFD.
#include <string>

#include <nlohmann/json.hpp>

namespace tabhook::report {

inline std::string json_text(const nlohmann::json& value, int indent = -1) {
    return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace tabhook::report
