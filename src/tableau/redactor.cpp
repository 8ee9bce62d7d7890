#include "tableau/redactor.hpp"

#include <algorithm>
#include <cctype>

#include "util/strings.hpp"
#include "util/url.hpp"

namespace tabhook::tableau {

namespace {

constexpr std::string_view kMask = "***";

// Every occurrence of `needle` in `text`, in any letter case (a server may fold case, and percent-encoding
// has two cases of hex digits), becomes the mask.
void mask_all(std::string& text, std::string_view needle, std::string_view mask) {
    if (needle.empty()) return;
    const std::string n = util::to_lower(needle);
    std::string lower = util::to_lower(text);
    for (std::size_t pos = lower.find(n); pos != std::string::npos; pos = lower.find(n, pos + mask.size())) {
        text.replace(pos, n.size(), mask);
        lower.replace(pos, n.size(), util::to_lower(mask));
    }
}

// The secret as a JSON string body writes it: with \ and \", and optionally with / as \/.
std::string json_escaped(std::string_view s, bool escape_slash) {
    std::string out;
    for (const char c : s) {
        if (c == '\\' || c == '"' || (escape_slash && c == '/')) out += '\\';
        out += c;
    }
    return out;
}

} // namespace

std::vector<std::string> url_secrets(std::string_view url) {
    std::vector<std::string> out{std::string(url)};
    const auto parsed = util::parse_url(url);
    if (!parsed) return out;
    // The target whole, and its path and its query each on their own (a server may quote either). A part
    // this short ("/", "/in", "a=1") is no secret, and masking it would garble unrelated text.
    const std::string_view target = parsed->target;
    const std::string_view path = target.substr(0, target.find_first_of("?#"));
    const std::size_t q = target.find('?');
    const std::string_view query = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
    for (const std::string_view part : {target, path, query.substr(0, query.find('#'))})
        if (part.size() >= 6 && std::find(out.begin(), out.end(), part) == out.end()) out.emplace_back(part);
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
    std::vector<std::string> values;
    {
        std::lock_guard lock(mutex_);
        values = secrets_;
    }
    values.insert(values.end(), extra.begin(), extra.end());
    // Each secret, and the forms a server may echo it in (percent-encoded, escaped inside a JSON string),
    // with its mask: a whole URL keeps its scheme and host readable, anything else becomes "***".
    std::vector<std::pair<std::string, std::string>> secrets;
    for (const auto& v : values) {
        const std::string mask = util::parse_url(v) ? util::redact_url(v) : std::string(kMask);
        for (std::string form : {v, util::percent_encode(v), json_escaped(v, false), json_escaped(v, true)})
            secrets.emplace_back(std::move(form), mask); // a form equal to v finds nothing left to mask
    }
    // Longest first, so a secret that contains another is masked whole.
    std::sort(secrets.begin(), secrets.end(),
              [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    // Known secrets first, whole: a URL cut short by a quote or a space would no longer match once
    // rewritten. Then every other URL shows as scheme, host and fingerprint, which reveals nothing.
    std::string out(text);
    for (const auto& [needle, mask] : secrets) mask_all(out, needle, mask);
    return util::redact_urls(out);
}

} // namespace tabhook::tableau
