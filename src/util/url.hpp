#pragma once
// URL handling for the two kinds of URL tabhook meets: Tableau servers and webhook destinations.
// A destination's path and query are secret (they often carry a token): outside this file they are
// only ever shown through `redact_url`, which keeps scheme and host and adds a short fingerprint.
#include <optional>
#include <string>
#include <string_view>

namespace tabhook::util {

struct Url {
    std::string scheme; // lower case
    std::string host;   // lower case; IPv6 without brackets
    int port = 0;       // 0 when absent
    std::string target; // path + query + fragment, as written ("" when absent)

    int effective_port() const;
    // scheme://host[:port] with the default port dropped.
    std::string origin() const;
};

std::optional<Url> parse_url(std::string_view text);

// Scheme and host case folded and a default port dropped; path and query exactly as written.
std::string normalize_url(std::string_view text);

// 127.0.0.0/8 written as a dotted quad, ::1 (bracketed or not) and "localhost" in any case; nothing
// else ("127.1", "localhost.", "0.0.0.0", "::ffff:127.0.0.1" are not loopback here).
bool is_loopback_host(std::string_view host);

// The one rule for every URL tabhook sends to (Tableau servers, webhook destinations, the drift
// notification): https://, or http:// only to a loopback host (for local testing).
bool is_https_or_loopback_http(const Url& url);

// First 8 hex digits of SHA-256: enough to see that a value changed, not enough to recover it.
std::string fingerprint(std::string_view value);

// "https://hooks.slack.com/…#3f9a1c2e": where a URL points, without its secret parts. The fingerprint
// is of the normalised URL, so URLs that compare equal show the same fingerprint.
std::string redact_url(std::string_view text);

// Every http:// or https:// URL in free text replaced by its redact_url form (one already in that form,
// and a bare origin, are kept as they are). Pure.
std::string redact_urls(std::string_view text);

} // namespace tabhook::util
