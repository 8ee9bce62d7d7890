#pragma once
// A recording of a `tabhook doctor` run (--record FILE), safe to attach to a bug report: each exchange's
// step, method, path, status and headers, and both bodies, with every credential removed. Header values
// that carry credentials (X-Tableau-Auth, Authorization, Cookie, Set-Cookie) become "***"; every body,
// header value and path goes through a Redactor that knows the PAT secret or password, every session
// token (learned from sign-in answers and from the X-Tableau-Auth headers themselves), the declared and
// canary destination URLs and every URL a webhook answer carried; any other URL with a path is shown as
// scheme, host and fingerprint.
#include <string>
#include <vector>

#include "tableau/exchange_log.hpp"

namespace tabhook::tableau {

struct RecordingSecrets {
    std::vector<std::string> secrets; // PAT secrets, passwords, reference values inside URLs
    std::vector<std::string> urls;    // destination URLs (declared, canary)
};

// The recording as JSON text: {"recording": "tabhook doctor", "version", "exchanges": [{step, method, origin,
// path, status, request_headers, request_body, response_headers, response_body, failure}]}.
std::string render_recording(const std::vector<Exchange>& exchanges, const RecordingSecrets& secrets);

} // namespace tabhook::tableau
