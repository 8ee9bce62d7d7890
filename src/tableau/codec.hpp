#pragma once
// Request bodies (JSON, as the client sends them) and response bodies (JSON or XML, whichever the server
// answers: Tableau answers XML by default and on some errors). Decoding is strict and fails closed: a body
// that is truncated, not JSON/XML, or not the shape the API returns is an error, never an empty list.
// Decoders never put body content into their error text (it may echo secrets).
#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "model/desired.hpp"
#include "model/live.hpp"
#include "tableau/client.hpp"

namespace tabhook::tableau::codec {

template <typename T> using Decoded = tl::expected<T, std::string>; // error: what was wrong, never body content

struct ServerInfo {
    std::string rest_api_version; // "3.24"
    std::string product_version;  // "2024.2.0" when present
};

struct Credentials {
    std::string token;
    std::string site_id;
    std::string user_id;
};

struct Pagination {
    long long page_number = 0;
    long long page_size = 0;
    long long total_available = 0;
};

struct WebhookPage {
    model::LiveWebhooks webhooks;
    std::optional<Pagination> pagination;
};

struct ErrorBody {
    std::string code;
    std::string summary;
    std::string detail;
};

// ---- requests (JSON) ----
// Fail only when a value is not valid UTF-8 (JSON cannot carry it).
Decoded<std::string> encode_signin(const model::Auth& auth, std::string_view content_url);
// Switch Site: {"site": {"contentUrl": "…"}} (tableau-api.md §6.2; the JSON form of the documented XML
// `<tsRequest><site contentUrl="…"/></tsRequest>` is UNCONFIRMED, as for every other JSON body). The answer
// has sign-in's shape: decode_credentials.
Decoded<std::string> encode_switch_site(std::string_view content_url);

enum class EventForm {
    attribute,      // "event": "DatasourceRefreshFailed" (API >= 3.9)
    source_element, // "webhook-source": {"webhook-source-event-…": {}} (below 3.9)
};
// Create and update share one body. `include_enabled`: isEnabled is sent (API >= 3.8). statusChangeReason is
// never sent: Tableau refuses it with isEnabled=true (400127) and supplies its own default when disabling.
// Fails when the event has no element form and `form` needs one.
Decoded<std::string> encode_webhook(const WebhookSpec& spec, EventForm form, bool include_enabled);

// ---- responses (JSON or XML, detected from the body) ----
Decoded<ServerInfo> decode_server_info(std::string_view body);
Decoded<Credentials> decode_credentials(std::string_view body);
Decoded<model::LiveWebhook> decode_webhook(std::string_view body);
Decoded<WebhookPage> decode_webhook_page(std::string_view body);
Decoded<TestResult> decode_test_result(std::string_view body);
Decoded<ErrorBody> decode_error(std::string_view body);
// Query User On Site: `<user id name siteRole …>` / {"user": {…}}.
Decoded<SiteUser> decode_user(std::string_view body);

} // namespace tabhook::tableau::codec
