#pragma once
// The Tableau REST client as the rest of tabhook sees it: one signed-in session to one site, shared by
// every worker thread. Writes and reads are separate interfaces so that `plan` and `drift` hold an object
// that cannot send a write (ReadClient), while `apply` holds a WriteClient.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "model/desired.hpp"
#include "model/live.hpp"
#include "util/stop_token.hpp"

namespace tabhook::http {
class Transport; // http/transport.hpp
} // namespace tabhook::http

namespace tabhook::tableau {

struct ApiError {
    enum class Kind {
        transport,       // connect error, reset, timeout: nothing known about the server's state
        http,            // the server answered with an error status (code/summary/detail filled)
        outcome_unknown, // a write whose response never arrived: it may or may not have happened
        decode,          // the response was not what the API returns (truncated, wrong shape)
        refused,         // tabhook refused to send: server not in the allowlist, http:// to a non-loopback host
        unsupported,     // the server's API version is too old for the operation
    };
    Kind kind = Kind::transport;
    std::string endpoint; // "POST /api/3.24/sites/{site-id}/webhooks": ids kept, secrets never
    int http_status = 0;
    std::string code; // Tableau's error code, e.g. "401002"
    std::string summary;
    std::string detail;          // already redacted
    std::string message() const; // one line for users: endpoint, status, code, summary, detail
};

template <typename T> using ApiResult = tl::expected<T, ApiError>;

struct RetryPolicy {
    int max_attempts = 4; // first try + 3 retries
    std::chrono::milliseconds initial_backoff{500};
    std::chrono::milliseconds max_backoff{8000};
    std::chrono::milliseconds max_retry_after{60000}; // a Retry-After longer than this is capped
};

struct ClientOptions {
    std::chrono::milliseconds connect_timeout{10000};
    std::chrono::milliseconds request_timeout{30000};
    std::optional<std::string> cacert;        // else SSL_CERT_FILE, else the system store
    std::vector<std::string> allowed_servers; // empty: no allowlist; else origins (normalised)
    RetryPolicy retry;
    std::string user_agent = std::string("tabhook/") + TABHOOK_VERSION;
    // Once a stop is requested (SIGINT/SIGTERM): no new retry starts and backoff sleeps end early; a
    // request already in flight finishes (bounded by request_timeout). Default: never.
    util::StopToken stop;
};

struct SessionInfo {
    std::string api_version; // e.g. "3.24"
    std::string site_id;     // LUID
    std::string user_id;     // the signed-in account: ownership is decided against it
    bool operator==(const SessionInfo&) const = default;
};

// What tabhook asks Tableau to create or update.
struct WebhookSpec {
    std::string name;
    std::string event; // canonical PascalCase
    std::string url;
    bool enabled = true;
    std::vector<std::string> secrets{}; // parts of url that are secrets on their own (reference values)
};

// What Tableau reports of its test: Tableau, not tabhook, sent the request to the receiver. Its schema makes
// `status` optional (and `body` required); Tableau Online has been seen answering status "404" with body
// "agent not found" when its delivery agent never reached the receiver (tableau-api.md, UNCONFIRMED).
struct TestResult {
    std::optional<int> status; // the HTTP status Tableau reports; nullopt when it reports none
    std::string body;          // the body Tableau reports; redacted, one line and bounded by the client
};

// Query User On Site: the signed-in account as the site knows it.
struct SiteUser {
    std::string id;
    std::string name;
    std::string site_role; // SiteAdministratorCreator, Explorer, Viewer, ...
};

// Roles that may manage webhooks: site and server administrators [WD-2020 Prerequisites].
bool may_manage_webhooks(std::string_view site_role);

// Request counters, for metrics and the request-economy tests.
struct ClientStats {
    int requests = 0;
    int retries = 0;
    int sign_ins = 0;
};

class ReadClient {
  public:
    virtual ~ReadClient() = default;
    virtual const SessionInfo& session() const = 0;
    virtual ApiResult<model::LiveWebhooks> list_webhooks() = 0;
    // The same list, shared. A client may hand back the very object it returned last time when the server
    // answered with a byte-identical body (the site client does, for a one-page list): it is immutable,
    // so a caller may key its own caches on the pointer, holding it. This default lists afresh each time.
    virtual ApiResult<std::shared_ptr<const model::LiveWebhooks>> list_webhooks_shared() {
        auto list = list_webhooks();
        if (!list) return tl::unexpected(std::move(list.error()));
        return std::make_shared<const model::LiveWebhooks>(std::move(*list));
    }
    virtual ApiResult<model::LiveWebhook> get_webhook(const std::string& id) = 0;
    virtual ClientStats stats() const = 0;
    // Moves this client's session to another site of the same server, signing in as this one did (Tableau's
    // Switch Site, Session::switch_site): session() then describes `site`, and every call goes to it. Only
    // while no other thread uses the client. ApiError{unsupported}: the server does not offer it (sign in
    // to the site instead); this default, for test doubles, never does.
    virtual ApiResult<void> switch_site(const model::Site& site) {
        (void)site;
        ApiError error;
        error.kind = ApiError::Kind::unsupported;
        error.detail = "this client cannot switch sites";
        return tl::unexpected(std::move(error));
    }
    // GET /sites/{site-id}/users/{user-id} for the signed-in user (`tabhook doctor`). Not pure: test doubles
    // that do not need it answer `unsupported`.
    virtual ApiResult<SiteUser> signed_in_user() {
        ApiError error;
        error.kind = ApiError::Kind::unsupported;
        error.detail = "this client cannot query users";
        return tl::unexpected(std::move(error));
    }
};

class WriteClient : public ReadClient {
  public:
    virtual ApiResult<model::LiveWebhook> create_webhook(const WebhookSpec& spec) = 0;
    virtual ApiResult<model::LiveWebhook> update_webhook(const std::string& id,
                                                         const WebhookSpec& spec) = 0; // PUT, API >= 3.8
    virtual ApiResult<void> delete_webhook(const std::string& id) = 0;
    virtual ApiResult<TestResult> test_webhook(
        const std::string& id) = 0; // GET .../test: not a write on Tableau's side, but sends a POST to the receiver
};

// Collaborators a client uses; each default is the real thing. Tests pass a recording Transport and a sleep
// that only records, so retries and backoff run in no time.
struct ClientDeps {
    std::shared_ptr<http::Transport> transport;           // null: a CurlTransport built from ClientOptions
    std::function<void(std::chrono::milliseconds)> sleep; // null: sleeps, waking early when interrupted
    std::function<std::chrono::milliseconds(std::chrono::milliseconds upper)> jitter; // null: uniform in [0, upper]
};

// Signs in to the site (negotiating the API version through serverinfo unless the Site pins it) and
// returns a session shared by all threads. On a 401 for an ended or expired session it signs in again
// once (one re-sign-in at a time) and retries. The destructor signs out.
ApiResult<std::unique_ptr<ReadClient>> connect_read_only(const model::Site& site, const ClientOptions& options);
ApiResult<std::unique_ptr<WriteClient>> connect(const model::Site& site, const ClientOptions& options);
ApiResult<std::unique_ptr<ReadClient>> connect_read_only(const model::Site& site, const ClientOptions& options,
                                                         ClientDeps deps);
ApiResult<std::unique_ptr<WriteClient>> connect(const model::Site& site, const ClientOptions& options, ClientDeps deps);

} // namespace tabhook::tableau
