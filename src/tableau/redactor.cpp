#include "tableau/redactor.hpp"

#include <algorithm>
#include <cctype>

#include "util/strings.hpp"
#include "util/url.hpp"

namespace tabhook::tableau {

namespace {

constexpr std::string_view kMask = "***";

bool ends_url(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '\'' || c == '<' || c == '>' ||
           c == '`' || c == '\\';
}

std::size_t find_scheme(const std::string& lower, std::size_t from) {
    const std::size_t http = lower.find("http://", from);
    const std::size_t https = lower.find("https://", from);
    return std::min(http, https);
}

void replace_all(std::string& text, std::string_view needle) {
    if (needle.empty()) return;
    for (std::size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + kMask.size()))
        text.replace(pos, needle.size(), kMask);
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
        // A bare origin carries no secret and is kept readable; anything with a path or query is redacted.
        out += parsed && parsed->target.empty() ? parsed->origin() : util::redact_url(url);
        pos = end;
    }
    if (pos < text.size()) out.append(text.substr(pos));
    return out;
}

std::vector<std::string> url_secrets(std::string_view url) {
    std::vector<std::string> out{std::string(url)};
    // A path this short ("/", "/in") is no secret, and masking it would garble unrelated text.
    if (const auto parsed = util::parse_url(url); parsed && parsed->target.size() >= 6) out.push_back(parsed->target);
    return out;
}

void Redactor::add_secret(std::string value) {
    if (value.empty()) return;
    std::lock_guard lock(mutex_);
    if (std::find(secrets_.begin(), secrets_.end(), value) == secrets_.end()) secrets_.push_back(std::move(value));
}

void Redactor::add_url(std::string_view url) {
    for (auto& s : url_secrets(url)) add_secret(std::move(s));
}

std::string Redactor::redact(std::string_view text, const std::vector<std::string>& extra) const {
    std::vector<std::string> secrets;
    {
        std::lock_guard lock(mutex_);
        secrets = secrets_;
    }
    secrets.insert(secrets.end(), extra.begin(), extra.end());
    const std::size_t n = secrets.size();
    for (std::size_t i = 0; i < n; ++i) {
        std::string encoded = util::percent_encode(secrets[i]);
        if (encoded != secrets[i]) secrets.push_back(std::move(encoded));
    }
    // Longest first, so a secret that contains another is masked whole.
    std::sort(secrets.begin(), secrets.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    // URLs first: one that embeds a secret shows as scheme, host and fingerprint, which reveals nothing.
    std::string out = redact_urls(text);
    for (const auto& s : secrets) replace_all(out, s);
    return out;
}

} // namespace tabhook::tableau
