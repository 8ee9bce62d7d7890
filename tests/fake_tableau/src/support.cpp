#include "support.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>
#include <cctype>
#include <ctime>

#include <fmt/format.h>

namespace fake {

std::string iso8601(std::chrono::system_clock::time_point t, bool millis) {
    const auto secs = std::chrono::time_point_cast<std::chrono::seconds>(t);
    const std::time_t tt = std::chrono::system_clock::to_time_t(secs);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                                  tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (millis) {
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t - secs).count();
        out += fmt::format(".{:03}", ms);
    }
    out += 'Z';
    return out;
}

namespace {
std::uint64_t fnv1a(std::string_view s, std::uint64_t basis) {
    std::uint64_t h = basis;
    for (const char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}
} // namespace

std::string luid_from_bits(std::uint64_t hi, std::uint64_t lo) {
    hi = (hi & ~0xF000ULL) | 0x4000ULL;                        // version 4
    lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL; // RFC 4122 variant
    return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xFFFF, hi & 0xFFFF, lo >> 48,
                       lo & 0xFFFFFFFFFFFFULL);
}

std::string luid_from(std::string_view seed) {
    return luid_from_bits(fnv1a(seed, 0xcbf29ce484222325ULL), fnv1a(seed, 0x84222325cbf29ce4ULL));
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

std::string to_lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool starts_with_icase(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool glob_match(std::string_view p, std::string_view t) {
    // Iterative matcher with backtracking to the last star; `**` may cross '/', `*` may not.
    if (p.empty()) return t.empty();
    if (p.substr(0, 2) == "**") {
        for (std::size_t i = 0; i <= t.size(); ++i)
            if (glob_match(p.substr(2), t.substr(i))) return true;
        return false;
    }
    if (p[0] == '*') {
        for (std::size_t i = 0; i <= t.size(); ++i) {
            if (glob_match(p.substr(1), t.substr(i))) return true;
            if (i < t.size() && t[i] == '/') break;
        }
        return false;
    }
    return !t.empty() && p[0] == t[0] && glob_match(p.substr(1), t.substr(1));
}

std::optional<ParsedUrl> parse_http_url(std::string_view url) {
    ParsedUrl out;
    const auto sep = url.find("://");
    if (sep == std::string_view::npos) return std::nullopt;
    out.scheme = to_lower(url.substr(0, sep));
    if (out.scheme != "http" && out.scheme != "https") return std::nullopt;
    std::string_view rest = url.substr(sep + 3);
    const auto slash = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, slash);
    out.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
    if (const auto hash = out.target.find('#'); hash != std::string::npos) out.target.resize(hash);
    if (out.target.empty() || out.target[0] != '/') out.target = std::string("/") + out.target;
    if (authority.find('@') != std::string_view::npos) return std::nullopt; // no userinfo
    std::string_view port_text;
    if (!authority.empty() && authority[0] == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        out.host = to_lower(authority.substr(1, close - 1));
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after[0] != ':') return std::nullopt;
            port_text = after.substr(1);
        }
    } else {
        const auto colon = authority.rfind(':');
        out.host = to_lower(authority.substr(0, colon));
        if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
    }
    if (out.host.empty()) return std::nullopt;
    out.port = out.scheme == "https" ? 443 : 80;
    if (!port_text.empty()) {
        if (port_text.size() > 5) return std::nullopt;
        int port = 0;
        for (const char c : port_text) {
            if (c < '0' || c > '9') return std::nullopt;
            port = port * 10 + (c - '0');
        }
        if (port < 1 || port > 65535) return std::nullopt;
        out.port = port;
    }
    return out;
}

bool is_loopback_host(std::string_view host) {
    if (iequals(host, "localhost")) return true;
    const std::string h(host);
    in_addr v4{};
    if (inet_pton(AF_INET, h.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6{};
    if (inet_pton(AF_INET6, h.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6) != 0;
    return false;
}

std::string_view reason_phrase(int status) {
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Error";
    }
}

} // namespace fake
