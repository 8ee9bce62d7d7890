#include "util/url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "util/strings.hpp"

namespace tabhook::util {

int Url::effective_port() const {
    if (port != 0) return port;
    if (scheme == "https") return 443;
    if (scheme == "http") return 80;
    return 0;
}

std::string Url::origin() const {
    std::string out = scheme;
    out += "://";
    if (host.find(':') != std::string::npos) { // IPv6
        out += '[';
        out += host;
        out += ']';
    } else {
        out += host;
    }
    const bool default_port = (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
    if (port != 0 && !default_port) {
        out += ':';
        out += std::to_string(port);
    }
    return out;
}

std::optional<Url> parse_url(std::string_view text) {
    Url url;
    const std::size_t colon = text.find("://");
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    url.scheme = to_lower(text.substr(0, colon));
    for (char c : url.scheme)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return std::nullopt;
    std::string_view rest = text.substr(colon + 3);
    const std::size_t end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, end);
    url.target = end == std::string_view::npos ? "" : std::string(rest.substr(end));
    if (authority.find('@') != std::string_view::npos) return std::nullopt; // userinfo is never accepted
    std::string_view host = authority;
    std::string_view port;
    if (!authority.empty() && authority.front() == '[') {
        const std::size_t close = authority.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        host = authority.substr(1, close - 1);
        std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return std::nullopt;
            port = after.substr(1);
        }
    } else if (const std::size_t c = authority.rfind(':'); c != std::string_view::npos) {
        host = authority.substr(0, c);
        port = authority.substr(c + 1);
    }
    if (host.empty()) return std::nullopt;
    for (char c : host)
        if (std::isspace(static_cast<unsigned char>(c)) || c == '/' || c == '\\') return std::nullopt;
    url.host = to_lower(host);
    if (!port.empty()) {
        int value = 0;
        const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (ec != std::errc() || ptr != port.data() + port.size() || value <= 0 || value > 65535) return std::nullopt;
        url.port = value;
    }
    return url;
}

std::string normalize_url(std::string_view text) {
    const auto url = parse_url(text);
    if (!url) return std::string(text);
    return url->origin() + url->target;
}

bool is_loopback_host(std::string_view host) {
    if (iequals(host, "localhost") || host == "::1" || host == "[::1]") return true;
    // 127.0.0.0/8 in dotted-quad form only.
    const auto parts = split(host, '.');
    if (parts.size() != 4 || parts[0] != "127") return false;
    for (const auto& p : parts) {
        int v = -1;
        const auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
        if (p.empty() || ec != std::errc() || ptr != p.data() + p.size() || v < 0 || v > 255) return false;
    }
    return true;
}

bool is_https_or_loopback_http(const Url& url) {
    return url.scheme == "https" || (url.scheme == "http" && is_loopback_host(url.host));
}

std::string fingerprint(std::string_view value) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(value.data(), value.size(), digest, &length, EVP_sha256(), nullptr);
    return fmt::format("{:02x}{:02x}{:02x}{:02x}", digest[0], digest[1], digest[2], digest[3]);
}

std::string redact_url(std::string_view text) {
    const auto url = parse_url(text);
    if (!url) return "<invalid url>#" + fingerprint(text);
    return url->origin() + "/…#" + fingerprint(url->origin() + url->target);
}

namespace {

constexpr std::string_view kRedactedTarget = "/…#"; // what redact_url puts after the origin

bool ends_url(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '\'' || c == '<' || c == '>' ||
           c == '`' || c == '\\';
}

std::size_t find_scheme(const std::string& lower, std::size_t from) {
    const std::size_t http = lower.find("http://", from);
    const std::size_t https = lower.find("https://", from);
    return std::min(http, https);
}

// "/…#3f9a1c2e": the target util::redact_url writes, nothing more.
bool is_redacted_target(std::string_view target) {
    if (!target.starts_with(kRedactedTarget)) return false;
    const std::string_view fp = target.substr(kRedactedTarget.size());
    return fp.size() == 8 &&
           std::all_of(fp.begin(), fp.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

} // namespace

std::string redact_urls(std::string_view text) {
    std::string out;
    const std::string lower = util::to_lower(text);
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t start = find_scheme(lower, pos);
        if (start == std::string::npos) break;
        std::size_t end = start;
        while (end < text.size() && !ends_url(text[end])) ++end;
        // Sentence punctuation after a URL is kept out of it: "see https://h/x." keeps its full stop.
        while (end > start && std::string_view(".,;:!?)]}").find(text[end - 1]) != std::string_view::npos) --end;
        out.append(text.substr(pos, start - pos));
        const std::string_view url = text.substr(start, end - start);
        const auto parsed = util::parse_url(url);
        // A bare origin carries no secret and is kept readable; a URL already redacted (a known secret's
        // mask) is kept as it is; anything else with a path or query is redacted.
        if (parsed && parsed->target.empty())
            out += parsed->origin();
        else if (parsed && is_redacted_target(parsed->target))
            out += url;
        else
            out += util::redact_url(url);
        pos = end;
    }
    if (pos < text.size()) out.append(text.substr(pos));
    return out;
}

} // namespace tabhook::util
