#pragma once
// One signed-in session to one site, shared by every worker thread. It is the one place that attaches
// credentials (the sign-in body and the X-Tableau-Auth header), runs the retry policy, renews an ended
// session (one re-sign-in at a time; the other threads wait and reuse the new token) and turns failed
// exchanges into redacted ApiErrors. The destructor signs out.
#include <atomic>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "model/desired.hpp"
#include "tableau/client.hpp"
#include "tableau/redactor.hpp"
#include "tableau/retry_policy.hpp"
#include "http/transport.hpp"

namespace tabhook::tableau {

// The oldest REST API version with webhooks (Tableau 2019.4).
inline constexpr const char* kMinimumApiVersion = "3.6";

struct ApiCall {
    std::string method;
    std::string path;  // under /api/{v} ("/sites/…/webhooks"), or absolute when it starts with "/api/"
    std::string query; // without '?'; never shown in errors
    std::string body;  // JSON; sent with Content-Type: application/json
    Safety safety = Safety::replayable;
    bool authenticated = true;
    std::vector<int> success{200};
    std::vector<std::string> secrets; // per-call values to redact, e.g. a destination URL
};

class Session {
  public:
    // Checks the server against the allowlist, negotiates the API version, signs in.
    static ApiResult<std::shared_ptr<Session>> open(const model::Site& site, const ClientOptions& options,
                                                    ClientDeps deps, bool read_only);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    const SessionInfo& info() const { return info_; }
    bool api_at_least(const char* version) const;
    ClientStats stats() const;

    // Sends the call (retrying what the policy allows, renewing the session once on 401000/401002/403) and
    // returns a response whose status is in call.success, or an ApiError.
    ApiResult<http::HttpResponse> call(const ApiCall& call);

    // Moves the session to another site of the same server with Tableau's Switch Site (POST
    // /auth/switchSite, REST API 2.6+): a new token, site id and user id, for the same user and token, and
    // the old token is let go (the server may end it). `site` must sign in as this session did (same server
    // and credentials); a later renewal signs in to it. Only while no other thread uses the session: the
    // caller works on one site at a time. Errors: ApiError{unsupported} when the server does not offer
    // Switch Site (403069 as Tableau Cloud is assumed to answer, 405, 404003, an API older than 2.6), the
    // session staying on its site; any other error is the switch's (an unknown contentUrl: 401001), the
    // session staying where it was as far as tabhook can tell.
    ApiResult<void> switch_site(const model::Site& site);

    // A destination URL seen in a response or a spec: from now on its path and query are masked in errors
    // too, even when a server echoes them without scheme and host.
    void learn_url(std::string_view url) { redactor_.add_url(url); }
    // A secret seen in a spec (a reference's value inside a URL): masked in errors from now on.
    void learn_secret(std::string value) { redactor_.add_secret(std::move(value)); }

    // Server-supplied text as errors show it: redacted (every URL and secret learned so far), valid UTF-8,
    // one line, bounded.
    std::string redact_text(std::string_view text) const { return clean(text, ApiCall{}); }

    // "GET /api/3.24/sites/…/webhooks": what errors name.
    std::string endpoint(const ApiCall& call) const;
    ApiError make_error(ApiError::Kind kind, const ApiCall& call, int status, const std::string& detail) const;

  private:
    Session(const model::Site& site, const ClientOptions& options, ClientDeps deps, bool read_only, std::string base);

    ApiResult<void> negotiate_version();
    // `new_site`: the session moves to site_ (a switch that found its token ended): take the new ids.
    ApiResult<void> sign_in(bool new_site = false);
    // Takes new credentials (sign-in's or Switch Site's): the token, and the site and user ids when `move`
    // (Switch Site) or at the first sign-in.
    void take_credentials(std::string token, std::string site_id, std::string user_id, bool move);
    ApiResult<void> renew(std::uint64_t seen_generation);
    void sign_out() noexcept;

    // One call through the retry policy with the given token; any final HTTP status is returned as is.
    ApiResult<http::HttpResponse> send(const ApiCall& call, const std::string& token, int max_attempts);
    ApiError http_error(const ApiCall& call, const http::HttpResponse& response, ApiError::Kind kind) const;
    void add_fresh_session_hint(ApiError& error) const;
    std::string clean(std::string_view text, const ApiCall& call) const;

    model::Site site_;
    ClientOptions options_;
    std::shared_ptr<http::Transport> transport_;
    std::function<void(std::chrono::milliseconds)> sleep_;
    Jitter jitter_;
    bool read_only_;
    std::string base_; // https://host[:port][/prefix]
    SessionInfo info_;
    Redactor redactor_;

    mutable std::shared_mutex token_mutex_;
    std::string token_;
    std::uint64_t generation_ = 0; // bumped by every sign-in
    std::mutex renew_mutex_;       // one re-sign-in at a time

    std::atomic<int> requests_{0};
    std::atomic<int> retries_{0};
    std::atomic<int> sign_ins_{0};
};

} // namespace tabhook::tableau
