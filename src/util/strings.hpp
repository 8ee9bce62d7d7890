#pragma once
// Small string helpers shared by every layer: case folding, splitting and "did you mean".
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tabhook::util {

std::string to_lower(std::string_view s);
std::string_view trim(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
bool iequals(std::string_view a, std::string_view b);

// Levenshtein distance, case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is close enough to be what the user meant.
std::optional<std::string> closest_match(std::string_view word, std::span<const std::string> candidates);
std::optional<std::string> closest_match(std::string_view word, std::span<const std::string_view> candidates);

// Whether every byte sequence in `s` is well-formed UTF-8.
bool is_valid_utf8(std::string_view s);

// The length (1 to 4) of the well-formed UTF-8 sequence starting at s[i], or 0 when it is malformed
// (truncated, overlong, a surrogate, beyond U+10FFFF).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

// `s` with every ill-formed UTF-8 sequence replaced by U+FFFD, one per maximal subpart (the Unicode and
// WHATWG practice: a truncated sequence is one U+FFFD, a byte that cannot start or continue one is one
// each; a CESU-8 surrogate such as ED A0 80 is three). Valid input comes back unchanged.
std::string sanitize_utf8(std::string_view s);

// RFC 3986 percent-encoding of everything but unreserved characters: for a path segment or a query value.
std::string percent_encode(std::string_view s);

} // namespace tabhook::util
