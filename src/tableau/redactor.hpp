#pragma once
// The one place where text that came from a server (or from libcurl) is cleaned before it can reach an
// ApiError, a log or a terminal: every known secret (PAT secret, password, session tokens, a destination
// URL and its parts), in any letter case, percent-encoded or JSON-escaped, becomes "***"; then every other
// http(s) URL becomes util::redact_url(url) (scheme, host and a fingerprint). Tableau's `detail` may echo
// any of them.
//
// A daemon learns every destination URL of every site each cycle (10,000 and more), so learning is O(1)
// per URL (hash sets), each secret's forms and mask are computed once when it is learned, and redact()
// finds which of them occur in the text with one rolling-hash pass per distinct length, not one search
// per secret.
#include <cstdint>
#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace tabhook::tableau {

class Redactor {
  public:
    // Thread-safe; empty values are ignored. A destination URL is added with add_url, which also covers
    // its path and query written on their own.
    void add_secret(std::string value);
    void add_url(std::string_view url);

    // `extra` holds per-request secrets, e.g. the destination URL of the webhook being created.
    std::string redact(std::string_view text, const std::vector<std::string>& extra = {}) const;

    // One form a secret may be echoed in, lower-cased, with what replaces it.
    struct Needle {
        std::string lower;
        std::shared_ptr<const std::string> mask;         // shared by the forms of one secret
        std::size_t next = static_cast<std::size_t>(-1); // the next needle with the same key in heads_
    };

  private:
    // Looks a URL up by std::string_view, without copying it into a std::string first.
    struct TransparentHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    void add_locked(std::string value);

    mutable std::shared_mutex mutex_;
    std::unordered_set<std::string> secrets_; // every value learned
    // Every URL learned: learning one again costs a lookup, and no copy.
    std::unordered_set<std::string, TransparentHash, std::equal_to<>> urls_;
    std::vector<Needle> needles_;
    std::vector<std::size_t> lengths_;                     // the distinct needle lengths, ascending
    std::unordered_map<std::uint64_t, std::size_t> heads_; // key(length, rolling hash) -> first needle
};

// Secrets implied by a destination URL: the URL itself, its path+query, and its path and its query each
// on their own (a server may echo any of them).
std::vector<std::string> url_secrets(std::string_view url);

} // namespace tabhook::tableau
