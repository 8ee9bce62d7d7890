#include "tableau/session.hpp"

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "tableau/allowlist.hpp"
#include "tableau/attempt_observer.hpp"
#include "tableau/codec.hpp"
#include "http/curl_transport.hpp"
#include "util/strings.hpp"
#include "util/url.hpp"
#include "util/version.hpp"

namespace tabhook::tableau {

namespace {

constexpr std::size_t kMaxDetail = 500;           // a server's detail longer than this is cut
constexpr const char* kServerInfoVersion = "2.4"; // the oldest version that has serverinfo
// Signing in with a PAT ends that PAT's earlier session, on any site (tableau-api.md §6.2).
constexpr const char* kOnePatOneSession =
    "a personal access token holds one session at a time, so another process "
    "or Site signing in with the same token ends this one; give each its own token";

std::function<void(std::chrono::milliseconds)> interruptible_sleep(util::StopToken stop) {
    return [stop](std::chrono::milliseconds delay) {
        const auto end = std::chrono::steady_clock::now() + delay;
        for (;;) {
            if (stop.stop_requested()) return;
            const auto now = std::chrono::steady_clock::now();
            if (now >= end) return;
            std::this_thread::sleep_for(
                std::min<std::chrono::steady_clock::duration>(end - now, std::chrono::milliseconds{50}));
        }
    };
}

// Whether an error answer may come from a session that has ended, so that one new sign-in is worth a
// try. Tableau answers a dead token with 401002 (documented for ended sessions), 401000 (seen for expired
// ones, KB 001498381) or a 403 (reported in the same article; its code is UNCONFIRMED). A permission
// refusal is a 403 too, with a code that is just as unknown, so no code can tell the two apart: every
// 403 gets one new session and one retry, and a 403 to the fresh session is reported as a permission
// error (Session::call). The cost is one extra sign-in before a non-administrator's error.
bool session_may_have_ended(const http::HttpResponse& response) {
    if (response.status == 403) return true;
    if (response.status != 401) return false;
    const auto body = codec::decode_error(response.body);
    return body && (body->code == "401000" || body->code == "401002");
}

} // namespace

Session::Session(const model::Site& site, const ClientOptions& options, ClientDeps deps, bool read_only,
                 std::string base)
    : site_(site), options_(options), transport_(std::move(deps.transport)), sleep_(std::move(deps.sleep)),
      jitter_(std::move(deps.jitter)), read_only_(read_only), base_(std::move(base)) {
    if (!transport_)
        transport_ = std::make_shared<http::CurlTransport>(http::CurlOptions{options.cacert, options.user_agent});
    if (!sleep_) sleep_ = interruptible_sleep(options.stop);
    if (!jitter_) jitter_ = random_jitter();
    redactor_.add_secret(site_.auth.secret);
}

ApiResult<std::shared_ptr<Session>> Session::open(const model::Site& site, const ClientOptions& options,
                                                  ClientDeps deps, bool read_only) {
    auto base = check_server(site.server, options.allowed_servers);
    if (!base) return tl::unexpected(base.error());
    std::shared_ptr<Session> session(new Session(site, options, std::move(deps), read_only, std::move(*base)));
    if (auto negotiated = session->negotiate_version(); !negotiated) return tl::unexpected(negotiated.error());
    if (auto signed_in = session->sign_in(); !signed_in) return tl::unexpected(signed_in.error());
    return session;
}

Session::~Session() { sign_out(); }

bool Session::api_at_least(const char* version) const { return util::api_version_at_least(info_.api_version, version); }

ClientStats Session::stats() const { return ClientStats{requests_.load(), retries_.load(), sign_ins_.load()}; }

std::string Session::endpoint(const ApiCall& call) const {
    const std::string path = call.path.starts_with("/api/") ? call.path : "/api/" + info_.api_version + call.path;
    return call.method + " " + path;
}

std::string Session::clean(std::string_view text, const ApiCall& call) const {
    std::string out = util::sanitize_utf8(redactor_.redact(text, call.secrets));
    // Valid UTF-8 (libcurl's messages and headers are bytes too), one line, no terminal control sequences from a
    // server, bounded length (cut after redaction, so a cut cannot expose part of a secret that redaction would have
    // caught whole).
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    if (out.size() > kMaxDetail) {
        std::size_t cut = kMaxDetail;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut; // not inside a UTF-8 sequence
        out = out.substr(0, cut) + "…";
    }
    return out;
}

ApiError Session::make_error(ApiError::Kind kind, const ApiCall& call, int status, const std::string& detail) const {
    ApiError error;
    error.kind = kind;
    error.endpoint = endpoint(call);
    error.http_status = status;
    error.detail = clean(detail, call);
    return error;
}

ApiError Session::http_error(const ApiCall& call, const http::HttpResponse& response, ApiError::Kind kind) const {
    ApiError error = make_error(kind, call, response.status, "");
    if (const auto body = codec::decode_error(response.body)) {
        error.code = clean(body->code, call);
        error.summary = clean(body->summary, call);
        error.detail = clean(body->detail, call);
    }
    if (response.status >= 300 && response.status < 400) {
        // Redirects are never followed: one could carry credentials to a server outside the allowlist.
        const auto location = util::parse_url(response.header("location"));
        error.detail = clean("the server redirects" + (location ? " to " + location->origin() : std::string()) +
                                 "; tabhook does not follow redirects: set the site's server to the address it "
                                 "redirects to",
                             call);
    }
    return error;
}

ApiResult<http::HttpResponse> Session::send(const ApiCall& call, const std::string& token, int max_attempts) {
    http::HttpRequest request;
    request.method = call.method;
    request.url = base_ + (call.path.starts_with("/api/") ? call.path : "/api/" + info_.api_version + call.path);
    if (!call.query.empty()) request.url += "?" + call.query;
    request.connect_timeout = options_.connect_timeout;
    request.timeout = options_.request_timeout;
    request.headers.emplace_back("Accept", "application/json");
    request.headers.emplace_back("User-Agent", options_.user_agent);
    if ((call.method == "POST" || call.method == "PUT") && !call.body.empty()) {
        // A request without a body (sign-out) carries no Content-Type.
        request.headers.emplace_back("Content-Type", "application/json");
        request.body = call.body;
    }
    if (call.authenticated) request.headers.emplace_back("X-Tableau-Auth", token);

    RetryPolicy policy = options_.retry;
    policy.max_attempts = std::max(1, std::min(policy.max_attempts, max_attempts));
    AttemptObserver* const observer = attempt_observer(); // the executor's --parallel auto, if any
    for (int attempt = 1;; ++attempt) {
        ++requests_;
        if (observer) observer->attempt_started();
        auto result = transport_->send(request);
        AttemptOutcome outcome;
        std::string retry_after;
        if (result) {
            outcome.status = result->status;
            retry_after = result->header("retry-after");
            outcome.retry_after = retry_after;
        } else {
            outcome.transport_error = result.error().kind;
        }
        if (observer) {
            AttemptEnd end{outcome.status, std::nullopt};
            if (!retry_after.empty())
                if (const auto after = parse_retry_after(retry_after, std::chrono::system_clock::now()))
                    end.retry_after = std::min(*after, policy.max_retry_after); // the cap the retry honours too
            observer->attempt_ended(end);
        }
        RetryDecision decision = decide_retry(policy, call.safety, outcome, attempt, jitter_);
        if (decision.verdict == RetryDecision::Verdict::retry) {
            if (options_.stop.stop_requested()) {
                decision.verdict = RetryDecision::Verdict::stop;
            } else {
                sleep_(decision.delay);
                if (options_.stop.stop_requested()) decision.verdict = RetryDecision::Verdict::stop;
            }
        }
        switch (decision.verdict) {
        case RetryDecision::Verdict::retry: ++retries_; continue;
        case RetryDecision::Verdict::stop:
            if (result) return std::move(*result);
            return tl::unexpected(
                make_error(ApiError::Kind::transport, call, 0,
                           std::string(to_string(result.error().kind)) + ": " + result.error().message));
        case RetryDecision::Verdict::outcome_unknown:
            if (result) {
                ApiError error = http_error(call, *result, ApiError::Kind::outcome_unknown);
                if (error.detail.empty())
                    error.detail = "a gateway answered " + std::to_string(result->status) +
                                   " and may have forwarded the request; list the site to see whether it took effect";
                return tl::unexpected(std::move(error));
            }
            return tl::unexpected(make_error(ApiError::Kind::outcome_unknown, call, 0,
                                             std::string(to_string(result.error().kind)) +
                                                 " after the request was sent (" + result.error().message +
                                                 "); list the site to see whether it took effect"));
        }
    }
}

ApiResult<http::HttpResponse> Session::call(const ApiCall& call) {
    if (read_only_ && call.safety == Safety::write)
        return tl::unexpected(make_error(ApiError::Kind::refused, call, 0, "this session is read-only"));
    for (int renewed = 0;; ++renewed) {
        std::string token;
        std::uint64_t generation = 0;
        {
            std::shared_lock lock(token_mutex_);
            token = token_;
            generation = generation_;
        }
        auto response = send(call, token, options_.retry.max_attempts);
        if (!response) return tl::unexpected(response.error());
        const bool ended = call.authenticated && session_may_have_ended(*response);
        if (ended && renewed == 0) {
            if (auto again = renew(generation); !again) return tl::unexpected(again.error());
            continue;
        }
        if (std::find(call.success.begin(), call.success.end(), response->status) != call.success.end())
            return response;
        ApiError error = http_error(call, *response, ApiError::Kind::http);
        if (ended) add_fresh_session_hint(error);
        return tl::unexpected(std::move(error));
    }
}

// The answer to a session signed in for this very call: it has not expired, so a 403 is a permission
// refusal and a 401 means the new session was ended at once, by another sign-in with the same token.
void Session::add_fresh_session_hint(ApiError& error) const {
    const bool pat = site_.auth.kind != model::Auth::Kind::password;
    std::string hint;
    if (error.http_status == 403)
        hint = "a new session was refused too, so this is a permission error: managing webhooks needs a site or "
               "server administrator";
    else if (pat)
        hint = "the session ended again right after a new sign-in: " + std::string(kOnePatOneSession);
    else
        hint = "the session ended again right after a new sign-in";
    error.detail += (error.detail.empty() ? "(" : " (") + hint + ")";
}

ApiResult<void> Session::negotiate_version() {
    if (site_.rest_api_version) {
        info_.api_version = *site_.rest_api_version;
    } else {
        ApiCall call{
            "GET", std::string("/api/") + kServerInfoVersion + "/serverinfo", "", "", Safety::replayable, false, {200},
            {}};
        auto response = send(call, "", options_.retry.max_attempts);
        if (!response) return tl::unexpected(response.error());
        if (response->status == 404) {
            // Only Tableau's own "unknown resource" answer (404003, as servers older than API 2.4, Tableau
            // 10.1, give it) means a server too old for serverinfo. Any other 404 (a web server's page, a
            // Tableau UI path, a reverse proxy without the API) means no REST API at this address: most
            // often `spec.server` is not the server's root URL.
            const auto body = codec::decode_error(response->body);
            if (body && body->code == "404003") {
                ApiError error = http_error(call, *response, ApiError::Kind::unsupported);
                error.detail = std::string("the server does not answer serverinfo, so it is older than Tableau "
                                           "10.1; webhooks need REST API ") +
                               kMinimumApiVersion + " (Tableau 2019.4) or later";
                return tl::unexpected(std::move(error));
            }
            ApiError error = http_error(call, *response, ApiError::Kind::http);
            const auto url = util::parse_url(base_);
            const std::string origin = url ? url->origin() : base_;
            error.detail = clean("no Tableau REST API at " + origin +
                                     (base_.size() > origin.size() ? " under the path `spec.server` gives" : "") +
                                     ": is `spec.server` the server's root URL?",
                                 call);
            return tl::unexpected(std::move(error));
        }
        if (response->status != 200) return tl::unexpected(http_error(call, *response, ApiError::Kind::http));
        auto info = codec::decode_server_info(response->body);
        if (!info) return tl::unexpected(make_error(ApiError::Kind::decode, call, response->status, info.error()));
        info_.api_version = info->rest_api_version;
    }
    if (!util::parse_api_version(info_.api_version)) {
        ApiError error;
        error.kind = ApiError::Kind::unsupported;
        error.detail = "REST API version '" + redactor_.redact(info_.api_version) + "' is not of the form 3.24";
        return tl::unexpected(std::move(error));
    }
    if (!api_at_least(kMinimumApiVersion)) {
        ApiError error;
        error.kind = ApiError::Kind::unsupported;
        error.detail = "the server speaks REST API " + info_.api_version + "; webhooks need " + kMinimumApiVersion +
                       " (Tableau Server 2019.4) or later";
        return tl::unexpected(std::move(error));
    }
    return {};
}

ApiResult<void> Session::sign_in(bool new_site) {
    ApiCall call{"POST", "/auth/signin", "", "", Safety::replayable, false, {200, 201}, {}};
    auto body = codec::encode_signin(site_.auth, site_.content_url);
    if (!body) return tl::unexpected(make_error(ApiError::Kind::refused, call, 0, body.error()));
    call.body = std::move(*body);
    ++sign_ins_;
    auto response = send(call, "", options_.retry.max_attempts);
    if (!response) return tl::unexpected(response.error());
    if (std::find(call.success.begin(), call.success.end(), response->status) == call.success.end()) {
        ApiError error = http_error(call, *response, ApiError::Kind::http);
        // Tableau says no more than "Error signing in": name what causes it (Tableau's knowledge base on
        // PAT sign-in errors, tableau-api.md §6).
        if (error.code == "401001")
            error.detail += fmt::format(
                "{}({}; check them and the site's contentUrl \"{}\"{})", error.detail.empty() ? "" : " ",
                site_.auth.kind == model::Auth::Kind::password
                    ? "Tableau answers this to a wrong user name or password, or a wrong contentUrl"
                    : "Tableau answers this to a wrong token name or secret, a revoked personal access token, one "
                      "expired (unused for 15 days, or past the expiry the site configures), or a wrong contentUrl",
                site_.content_url,
                site_.auth.kind == model::Auth::Kind::password ? "" : std::string("; ") + kOnePatOneSession);
        return tl::unexpected(std::move(error));
    }
    auto credentials = codec::decode_credentials(response->body);
    if (!credentials)
        return tl::unexpected(make_error(ApiError::Kind::decode, call, response->status, credentials.error()));
    take_credentials(std::move(credentials->token), std::move(credentials->site_id), std::move(credentials->user_id),
                     new_site);
    return {};
}

void Session::take_credentials(std::string token, std::string site_id, std::string user_id, bool move) {
    redactor_.add_secret(token);
    std::unique_lock lock(token_mutex_);
    if (generation_ == 0 || move) {
        // Set at the first sign-in, before the session is shared, and by a switch, which the caller makes
        // while no other thread uses the session. A renewal signs in to the same site: the ids stay.
        info_.site_id = std::move(site_id);
        info_.user_id = std::move(user_id);
    }
    token_ = std::move(token);
    ++generation_;
}

ApiResult<void> Session::switch_site(const model::Site& site) {
    ApiCall call{"POST", "/auth/switchSite", "", "", Safety::replayable, true, {200}, {}};
    const auto unsupported = [&](int status, const std::string& why) {
        return tl::unexpected(make_error(ApiError::Kind::unsupported, call, status, why));
    };
    // Switch Site came with REST API 2.6 [TSC `@api("2.6")`]; webhooks need 3.6, so this only guards a
    // pinned spec.restApiVersion.
    if (!api_at_least("2.6")) return unsupported(0, "Switch Site needs REST API 2.6");
    auto body = codec::encode_switch_site(site.content_url);
    if (!body) return tl::unexpected(make_error(ApiError::Kind::refused, call, 0, body.error()));
    call.body = std::move(*body);
    redactor_.add_secret(site.auth.secret);
    std::string token;
    {
        std::shared_lock lock(token_mutex_);
        token = token_;
    }
    auto response = send(call, token, options_.retry.max_attempts);
    if (!response) return tl::unexpected(response.error());
    const auto error_body = codec::decode_error(response->body);
    const std::string code = error_body ? error_body->code : std::string();
    if (response->status == 200) {
        auto credentials = codec::decode_credentials(response->body);
        if (!credentials)
            return tl::unexpected(make_error(ApiError::Kind::decode, call, response->status, credentials.error()));
        take_credentials(std::move(credentials->token), std::move(credentials->site_id),
                         std::move(credentials->user_id), true);
        site_ = site;
        return {};
    }
    // Already on that site (a contentUrl that differs from the current one only in case, say): Tableau
    // answers 403070 and the session stays, which is where the caller wants it [TSC auth_endpoint.py].
    if (response->status == 403 && code == "403070") {
        site_ = site;
        return {};
    }
    // Not offered. Tableau Cloud is documented not to have Switch Site; that it answers 403069 is UNCONFIRMED
    // (the code Cloud gives another server-level method it lacks, tableau/tabcmd#135); a server or proxy
    // without the route answers 405 or 404003.
    if ((response->status == 403 && code == "403069") || response->status == 405 ||
        (response->status == 404 && code == "404003"))
        return unsupported(response->status, "the server does not offer Switch Site");
    // The session ended meanwhile (expired, or ended by another sign-in with the token): a sign-in to the
    // new site is a switch too.
    if (response->status == 401 && (code == "401000" || code == "401002")) {
        const model::Site previous = site_;
        site_ = site;
        std::lock_guard renewing(renew_mutex_);
        auto signed_in = sign_in(/*new_site=*/true);
        if (!signed_in) site_ = previous;
        return signed_in;
    }
    return tl::unexpected(http_error(call, *response, ApiError::Kind::http));
}

ApiResult<void> Session::renew(std::uint64_t seen_generation) {
    std::lock_guard renewing(renew_mutex_);
    {
        std::shared_lock lock(token_mutex_);
        if (generation_ != seen_generation) return {}; // another thread signed in meanwhile: reuse its token
    }
    return sign_in();
}

void Session::sign_out() noexcept {
    try {
        std::string token;
        {
            std::shared_lock lock(token_mutex_);
            token = token_;
        }
        if (token.empty()) return;
        // One attempt, errors ignored: the session ends on its own when it expires.
        ApiCall call{"POST", "/auth/signout", "", "", Safety::write, true, {204, 200}, {}};
        (void)send(call, token, 1);
    } catch (...) {
    }
}

} // namespace tabhook::tableau
