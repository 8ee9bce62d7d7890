#pragma once
// The one place where text that came from a server (or from libcurl) is cleaned before it can reach an
// ApiError, a log or a terminal: every known secret (PAT secret, password, session tokens, a destination
// URL and its parts), in any letter case, percent-encoded or JSON-escaped, becomes "***"; then every other
// http(s) URL becomes util::redact_url(url) (scheme, host and a fingerprint). Tableau's `detail` may echo
// any of them.
#include <mutex>
#include <string>
#include <string_view>
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

  private:
    mutable std::mutex mutex_;
    std::vector<std::string> secrets_;
};

// Secrets implied by a destination URL: the URL itself, its path+query, and its path and its query each
// on their own (a server may echo any of them).
std::vector<std::string> url_secrets(std::string_view url);

} // namespace tabhook::tableau
