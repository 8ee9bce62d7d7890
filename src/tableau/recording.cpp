#include "tableau/recording.hpp"

#include <nlohmann/json.hpp>

#include "tableau/codec.hpp"
#include "tableau/redactor.hpp"
#include "util/strings.hpp"
#include "util/url.hpp"

namespace tabhook::tableau {

namespace {

using nlohmann::json;

bool credential_header(std::string_view name) {
    const std::string lower = util::to_lower(name);
    return lower == "x-tableau-auth" || lower == "authorization" || lower == "proxy-authorization" ||
           lower == "cookie" || lower == "set-cookie";
}

// Everything secret the exchanges themselves reveal: session tokens (the sign-in answers and the header
// that carries them) and destination URLs (webhook answers).
void learn(Redactor& redactor, const Exchange& e) {
    for (const auto& [name, value] : e.request_headers)
        if (credential_header(name)) redactor.add_secret(value);
    for (const auto& [name, value] : e.response_headers)
        if (credential_header(name)) redactor.add_secret(value);
    if (e.response_body.empty()) return;
    if (auto credentials = codec::decode_credentials(e.response_body)) redactor.add_secret(credentials->token);
    if (auto page = codec::decode_webhook_page(e.response_body))
        for (const auto& w : page->webhooks) redactor.add_url(w.url);
    if (auto one = codec::decode_webhook(e.response_body)) redactor.add_url(one->url);
}

json headers_of(const http::Headers& headers, const Redactor& redactor) {
    json out = json::array();
    for (const auto& [name, value] : headers)
        out.push_back({{"name", name}, {"value", credential_header(name) ? "***" : redactor.redact(value)}});
    return out;
}

} // namespace

std::string render_recording(const std::vector<Exchange>& exchanges, const RecordingSecrets& secrets) {
    Redactor redactor;
    for (const auto& s : secrets.secrets) redactor.add_secret(s);
    for (const auto& u : secrets.urls) redactor.add_url(u);
    for (const auto& e : exchanges) learn(redactor, e); // first every secret, then any output
    json list = json::array();
    for (const auto& e : exchanges) {
        json item;
        item["step"] = e.step;
        item["method"] = e.method;
        // The server's URL: its origin as is, its path through the redactor (never the URL whole: the
        // redactor would fingerprint the path away). An id in a path is not a secret; a token would be.
        const auto url = util::parse_url(e.url);
        item["origin"] = url ? url->origin() : std::string();
        item["path"] = url ? redactor.redact(url->target) : std::string("***");
        item["status"] = e.status;
        item["request_headers"] = headers_of(e.request_headers, redactor);
        item["request_body"] = redactor.redact(e.request_body);
        item["response_headers"] = headers_of(e.response_headers, redactor);
        item["response_body"] = redactor.redact(e.response_body);
        if (!e.failure.empty()) item["failure"] = redactor.redact(e.failure);
        list.push_back(std::move(item));
    }
    json doc{{"recording", "tabhook doctor"}, {"version", TABHOOK_VERSION}, {"exchanges", std::move(list)}};
    return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace tabhook::tableau
