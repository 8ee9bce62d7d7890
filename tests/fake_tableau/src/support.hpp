#pragma once
// Small helpers shared by the fake's modules: time stamps, identifiers, URL parsing, glob matching.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fake {

// "2024-05-01T12:34:56Z" (or with milliseconds: "2024-05-01T12:34:56.789Z"), UTC.
std::string iso8601(std::chrono::system_clock::time_point t, bool millis = false);
inline std::string iso8601_now(bool millis = false) { return iso8601(std::chrono::system_clock::now(), millis); }

// A LUID-shaped identifier (8-4-4-4-12 hex) derived deterministically from `seed`, so the default seed
// has stable ids across runs.
std::string luid_from(std::string_view seed);
// A LUID-shaped identifier from 128 random bits.
std::string luid_from_bits(std::uint64_t hi, std::uint64_t lo);

bool iequals(std::string_view a, std::string_view b);
std::string to_lower(std::string_view s);
bool starts_with_icase(std::string_view s, std::string_view prefix);

// `*` matches any run of characters except '/', `**` any run including '/'; everything else literally.
bool glob_match(std::string_view pattern, std::string_view text);

struct ParsedUrl {
    std::string scheme; // lower case
    std::string host;   // lower case, IPv6 without brackets
    int port = 0;       // effective port (default filled in)
    std::string target; // path + query, "/" when absent
};
// Accepts http:// and https:// URLs only; nullopt for anything else or a malformed authority.
std::optional<ParsedUrl> parse_http_url(std::string_view url);

// True only for literal loopback addresses (127.0.0.0/8, ::1) and the name "localhost". No name is ever
// resolved: "127.0.0.1.example.com" is not loopback.
bool is_loopback_host(std::string_view host);

std::string_view reason_phrase(int status);

// Milliseconds as a number for JSON output.
inline double to_ms(std::chrono::steady_clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

} // namespace fake
