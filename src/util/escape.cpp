#include "util/escape.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "util/strings.hpp"

namespace tabhook::util {

namespace {

char32_t decode(std::string_view s, std::size_t i, std::size_t n) {
    const auto b = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[i + k])); };
    switch (n) {
    case 1: return b(0);
    case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    default: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    }
}

// Code points a terminal or a renderer acts on instead of showing.
bool is_hidden(char32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
           c == 0x2028 || c == 0x2029;
}

// What HTML (and so markdown) would read as markup: a tag or an entity.
const char* markup_entity(char c) {
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    default: return nullptr;
    }
}

std::size_t longest_backtick_run(std::string_view text) {
    std::size_t longest = 0, run = 0;
    for (const char c : text) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return longest;
}

} // namespace

std::string for_terminal(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8_sequence_length(text, i);
        if (n == 0) { // not UTF-8: the byte itself, shown
            out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i]));
            ++i;
            continue;
        }
        const char32_t c = decode(text, i, n);
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (is_hidden(c)) {
            out += c < 0x80 ? fmt::format("\\x{:02x}", static_cast<unsigned>(c))
                            : fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
            out.append(text.substr(i, n));
        }
        i += n;
    }
    return out;
}

namespace {

// Where GitHub would make a link or a notification of plain text: a mention (`@team`, and an e-mail
// address), an issue reference (`#12`), an extended autolink (`https://…`, `www.…`). An invisible zero-width
// space (as the entity `&#8203;`, the way Dependabot keeps its pull requests from pinging anyone) breaks each
// one without changing what a reader sees: after `@`, after a `#` followed by a digit, between `:` and `//`,
// and between `www` and `.`.
constexpr std::string_view kBreak = "&#8203;";

bool word_start(std::string_view s, std::size_t i) {
    return i == 0 || std::isalnum(static_cast<unsigned char>(s[i - 1])) == 0;
}

bool breaks_after(std::string_view s, std::size_t i) {
    const auto next = [&](std::size_t k) { return i + k < s.size() ? s[i + k] : '\0'; };
    switch (s[i]) {
    case '@': return true;
    case '#': return std::isdigit(static_cast<unsigned char>(next(1))) != 0;
    case ':': return next(1) == '/' && next(2) == '/';
    case 'w':
    case 'W':
        return i >= 2 && word_start(s, i - 2) && (s[i - 2] == 'w' || s[i - 2] == 'W') &&
               (s[i - 1] == 'w' || s[i - 1] == 'W') && next(1) == '.';
    default: return false;
    }
}

} // namespace

std::string markdown_inline(std::string_view text) {
    const std::string shown = for_terminal(text);
    std::string out;
    out.reserve(shown.size());
    for (std::size_t i = 0; i < shown.size(); ++i) {
        const char c = shown[i];
        if (const char* entity = markup_entity(c)) {
            out += entity;
            continue;
        }
        if (std::string_view("\\`*_[]|~$").find(c) != std::string_view::npos) out += '\\';
        out += c;
        if (breaks_after(shown, i)) out += kBreak;
    }
    return out;
}

std::string markdown_code(std::string_view text) {
    std::string shown;
    for (const char c : for_terminal(text)) {
        if (c == '|') shown += '\\';
        shown += c;
    }
    const std::string ticks(longest_backtick_run(shown) + 1, '`');
    // A space keeps a backtick at either end from joining the delimiter; markdown strips one on each side.
    const bool pad = !shown.empty() && (shown.front() == '`' || shown.back() == '`');
    return pad ? ticks + " " + shown + " " + ticks : ticks + shown + ticks;
}

std::string markdown_fence(std::string_view content) {
    return std::string(std::max<std::size_t>(3, longest_backtick_run(content) + 1), '`');
}

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (const char* entity = markup_entity(c))
            out += entity;
        else if (c == '"')
            out += "&quot;";
        else if (c == '\'')
            out += "&#39;";
        else
            out += c;
    }
    return out;
}

std::string chat_text(std::string_view text) {
    const std::string shown = for_terminal(text);
    std::string out;
    out.reserve(shown.size());
    for (const char c : shown) {
        if (const char* entity = markup_entity(c))
            out += entity;
        else
            out += c;
    }
    return out;
}

} // namespace tabhook::util
