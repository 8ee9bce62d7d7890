#include "tableau/redactor.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>

#include "util/strings.hpp"
#include "util/url.hpp"

namespace tabhook::tableau {

namespace {

constexpr std::string_view kMask = "***";
constexpr std::uint64_t kBase = 1099511628211ULL; // any odd multiplier; arithmetic is mod 2^64

std::uint64_t hash_of(std::string_view s) {
    std::uint64_t h = 0;
    for (const char c : s) h = h * kBase + static_cast<unsigned char>(c);
    return h;
}

// Needles of different lengths may share a rolling hash: the length is part of the key.
std::uint64_t key_of(std::size_t length, std::uint64_t hash) { return hash ^ (length * 0x9E3779B97F4A7C15ULL); }

// The secret as a JSON string body writes it: with \ and \", and optionally with / as \/.
std::string json_escaped(std::string_view s, bool escape_slash) {
    std::string out;
    for (const char c : s) {
        if (c == '\\' || c == '"' || (escape_slash && c == '/')) out += '\\';
        out += c;
    }
    return out;
}

// Each distinct form a server may echo a secret in (as is, percent-encoded, escaped inside a JSON
// string), lower-cased, with its mask: a whole URL keeps its scheme and host readable, anything else
// becomes "***".
std::vector<Redactor::Needle> needles_of(const std::string& value) {
    auto mask =
        std::make_shared<const std::string>(util::parse_url(value) ? util::redact_url(value) : std::string(kMask));
    std::vector<Redactor::Needle> out;
    for (const std::string& form :
         {value, util::percent_encode(value), json_escaped(value, false), json_escaped(value, true)}) {
        std::string l = util::to_lower(form);
        if (std::none_of(out.begin(), out.end(), [&](const auto& n) { return n.lower == l; }))
            out.push_back({std::move(l), mask});
    }
    return out;
}

// Every occurrence of `needle` (lower-cased) in `text`, in any letter case, becomes the mask; `lower` is
// `text` lower-cased and is kept so.
void mask_all(std::string& text, std::string& lower_text, std::string_view needle, const std::string& mask) {
    const std::string lower_mask = util::to_lower(mask);
    for (std::size_t pos = lower_text.find(needle); pos != std::string::npos;
         pos = lower_text.find(needle, pos + mask.size())) {
        text.replace(pos, needle.size(), mask);
        lower_text.replace(pos, needle.size(), lower_mask);
    }
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

void Redactor::add_locked(std::string value) {
    if (value.empty() || secrets_.contains(value)) return;
    for (auto& n : needles_of(value)) {
        const std::size_t length = n.lower.size();
        const auto [head, fresh] = heads_.try_emplace(key_of(length, hash_of(n.lower)), needles_.size());
        if (!fresh) {
            n.next = head->second; // chained in front
            head->second = needles_.size();
        }
        if (const auto at = std::lower_bound(lengths_.begin(), lengths_.end(), length);
            at == lengths_.end() || *at != length)
            lengths_.insert(at, length);
        needles_.push_back(std::move(n));
    }
    secrets_.insert(std::move(value));
}

void Redactor::add_secret(std::string value) {
    if (value.empty()) return;
    std::unique_lock lock(mutex_);
    add_locked(std::move(value));
}

void Redactor::add_url(std::string_view url) {
    if (url.empty()) return;
    {
        std::shared_lock lock(mutex_);
        if (urls_.contains(url)) return;
    }
    std::vector<std::string> secrets = url_secrets(url);
    std::unique_lock lock(mutex_);
    for (auto& s : secrets) add_locked(std::move(s));
    urls_.emplace(url);
}

std::string Redactor::redact(std::string_view text, const std::vector<std::string>& extra) const {
    std::string out(text);
    std::string lower_out = util::to_lower(text);
    // The needles that occur in the text: per distinct needle length, one rolling hash over the text.
    std::vector<Needle> found;
    {
        std::shared_lock lock(mutex_);
        std::vector<bool> taken(needles_.size(), false);
        for (const std::size_t length : lengths_) {
            if (length > lower_out.size()) break;
            std::uint64_t power = 1; // kBase^(length-1)
            for (std::size_t i = 1; i < length; ++i) power *= kBase;
            std::uint64_t h = hash_of(std::string_view(lower_out).substr(0, length));
            for (std::size_t pos = 0;; ++pos) {
                if (const auto hit = heads_.find(key_of(length, h)); hit != heads_.end()) {
                    for (std::size_t index = hit->second; index != static_cast<std::size_t>(-1);
                         index = needles_[index].next) {
                        if (taken[index]) continue;
                        if (std::string_view(lower_out).substr(pos, length) == needles_[index].lower) {
                            taken[index] = true;
                            found.push_back(needles_[index]);
                        }
                    }
                }
                if (pos + length >= lower_out.size()) break;
                h = (h - static_cast<unsigned char>(lower_out[pos]) * power) * kBase +
                    static_cast<unsigned char>(lower_out[pos + length]);
            }
        }
    }
    for (const auto& v : extra)
        if (!v.empty())
            for (auto& n : needles_of(v)) found.push_back(std::move(n));
    // Longest first, so a secret that contains another is masked whole. Known secrets first, whole: a URL
    // cut short by a quote or a space would no longer match once rewritten. Then every other URL shows as
    // scheme, host and fingerprint, which reveals nothing.
    std::stable_sort(found.begin(), found.end(),
                     [](const Needle& a, const Needle& b) { return a.lower.size() > b.lower.size(); });
    for (const auto& n : found) mask_all(out, lower_out, n.lower, *n.mask);
    return util::redact_urls(out);
}

} // namespace tabhook::tableau
