#include "manifest/diagnostic.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "util/url.hpp"

namespace tabhook::manifest {

namespace {
// GitHub's escaping for workflow command data and property values (toolkit's command.ts).
std::string escape_data(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '%': out += "%25"; break;
        case '\r': out += "%0D"; break;
        case '\n': out += "%0A"; break;
        default: out += c;
        }
    }
    return out;
}

std::string escape_property(std::string_view s) {
    std::string out;
    for (char c : escape_data(s)) {
        switch (c) {
        case ':': out += "%3A"; break;
        case ',': out += "%2C"; break;
        default: out += c;
        }
    }
    return out;
}
} // namespace

std::string to_string(const model::Location& location) {
    if (location.line <= 0) return location.file;
    return fmt::format("{}:{}:{}", location.file, location.line, location.column);
}

std::string to_string(const Diagnostic& d) { return to_string(d.location) + ": " + d.message; }

std::string to_github_annotation(const Diagnostic& d) {
    std::string out = "::error file=" + escape_property(d.location.file);
    if (d.location.line > 0) out += fmt::format(",line={},col={}", d.location.line, d.location.column);
    return out + "::" + escape_data(d.message);
}

void sort_diagnostics(std::vector<Diagnostic>& diagnostics) {
    std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.location.file, a.location.line, a.location.column) <
               std::tie(b.location.file, b.location.line, b.location.column);
    });
}

void Diagnostics::add(model::Location location, std::string rule, std::string message, bool cross_document) {
    items_.push_back(Diagnostic{std::move(location), std::move(message), std::move(rule), cross_document});
}

std::string quoted(std::string_view written) {
    constexpr std::size_t kMax = 60;
    // A URL written where it does not belong (an event, an unknown field) may still carry a token.
    const std::string redacted = util::redact_urls(written);
    const std::string_view value = redacted;
    if (value.size() <= kMax) return fmt::format("'{}'", value);
    // Cut on a UTF-8 boundary so the message stays valid UTF-8.
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
    return fmt::format("'{}…'", value.substr(0, cut));
}

} // namespace tabhook::manifest
