#include "util/strings.hpp"

#include <algorithm>
#include <cctype>

namespace tabhook::util {

namespace {
char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

template <typename Candidates> std::optional<std::string> closest(std::string_view word, const Candidates& candidates) {
    // Allow roughly one typo per three characters, at least one and at most three.
    const std::size_t limit = std::clamp<std::size_t>(word.size() / 3, 1, 3);
    std::optional<std::string> best;
    std::size_t best_distance = limit + 1;
    for (const auto& c : candidates) {
        const std::size_t d = edit_distance(word, c);
        if (d < best_distance) {
            best_distance = d;
            best = std::string(c);
        }
    }
    return best;
}
} // namespace

std::string to_lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), lower);
    return out;
}

std::string_view trim(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t pos = s.find(sep, start);
        out.emplace_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
        if (pos == std::string_view::npos) return out;
        start = pos + 1;
    }
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Optimal string alignment: insertions, deletions, substitutions and swaps of two adjacent characters
    // ("mtk" for "mkt") each cost 1. Three rows: the one before the previous is needed for swaps.
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
                row[j] = std::min(row[j], before[j - 2] + 1);
        }
        std::swap(before, previous);
        std::swap(previous, row);
    }
    return previous[b.size()];
}

std::optional<std::string> closest_match(std::string_view word, std::span<const std::string> candidates) {
    return closest(word, candidates);
}

std::optional<std::string> closest_match(std::string_view word, std::span<const std::string_view> candidates) {
    return closest(word, candidates);
}

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return 1;
    std::size_t extra = 0;
    unsigned min = 0;
    if ((c & 0xE0) == 0xC0) {
        extra = 1;
        min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        extra = 2;
        min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        extra = 3;
        min = 0x10000;
    } else {
        return 0;
    }
    if (i + extra >= s.size()) return 0;
    unsigned code = c & (0x3Fu >> extra);
    for (std::size_t k = 1; k <= extra; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) return 0;
        code = (code << 6) | (cc & 0x3Fu);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
    return extra + 1;
}

bool is_valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = static_cast<unsigned char>(s[i]) < 0x80 ? 1 : utf8_sequence_length(s, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

namespace {
// How many bytes from s[i] form the maximal subpart of an ill-formed sequence: the lead byte and the
// continuation bytes that are still possible after it (Unicode Table 3-7), at least 1.
std::size_t ill_formed_length(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    unsigned lo = 0x80, hi = 0xBF;
    std::size_t need = 0;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0) lo = 0xA0; // below: overlong
        if (c == 0xED) hi = 0x9F; // above: a surrogate
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0) lo = 0x90; // below: overlong
        if (c == 0xF4) hi = 0x8F; // above: beyond U+10FFFF
    } else {
        return 1; // a continuation byte, C0, C1 or F5..FF: never part of a sequence
    }
    std::size_t k = 1;
    for (; k <= need && i + k < s.size(); ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if (cc < lo || cc > hi) break;
        lo = 0x80;
        hi = 0xBF;
    }
    return k;
}
} // namespace

std::string sanitize_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t start = i; // a run of well-formed sequences is copied at once
        while (i < s.size()) {
            const std::size_t n = static_cast<unsigned char>(s[i]) < 0x80 ? 1 : utf8_sequence_length(s, i);
            if (n == 0) break;
            i += n;
        }
        out.append(s.substr(start, i - start));
        if (i < s.size()) {
            out += "\xEF\xBF\xBD"; // U+FFFD
            i += ill_formed_length(s, i);
        }
    }
    return out;
}

std::string percent_encode(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

} // namespace tabhook::util
