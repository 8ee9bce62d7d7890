#include "tableau/site_client.hpp"

#include "util/strings.hpp"

#include <cctype>
#include <unordered_set>

#include "tableau/codec.hpp"
#include "tableau/redactor.hpp"

namespace tabhook::tableau {

namespace {

constexpr long long kMaxPages = 100000;

// Ids come from the server; percent-encoding keeps a hostile one from changing the path.
std::string segment(std::string_view id) { return util::percent_encode(id); }

std::string webhooks_path(const Session& session) { return "/sites/" + segment(session.info().site_id) + "/webhooks"; }
std::string webhook_path(const Session& session, std::string_view id) {
    return webhooks_path(session) + "/" + segment(id);
}

// A disable reason is the server's free text and may quote the webhook's own URL: it is cleaned of that
// URL's secret parts and of every other URL's path. Only the webhook's own URL is masked, not every URL
// the session knows: a list of 10,000 would make that quadratic.
std::string clean_reason(const model::LiveWebhook& w) {
    if (w.status_change_reason.empty()) return {};
    Redactor own;
    own.add_url(w.url);
    return own.redact(w.status_change_reason);
}

void redact_reasons(model::LiveWebhooks& webhooks) {
    for (auto& w : webhooks) w.status_change_reason = clean_reason(w);
}

// What one list read. `known`: the body of the last one-page list; a first page byte-identical to it is
// not decoded (same_as_known, webhooks empty).
struct Listing {
    model::LiveWebhooks webhooks;
    bool same_as_known = false;
    std::optional<std::string> only_page; // the body, when the list was one page
};

ApiResult<Listing> list(Session& session, const std::optional<std::string>& known) {
    ApiCall call{"GET", webhooks_path(session), "", "", Safety::replayable, true, {200}, {}};
    Listing listing;
    model::LiveWebhooks& all = listing.webhooks;
    std::unordered_set<std::string> seen;
    long long requested_page = 0; // 0: the first request, sent without paging parameters
    for (long long pages = 1;; ++pages) {
        auto response = session.call(call);
        if (!response) return tl::unexpected(response.error());
        // Equal bytes decode to an equal page, pagination included: it was one page then, so it is now.
        if (pages == 1 && known && response->body == *known) {
            listing.same_as_known = true;
            return listing;
        }
        auto page = codec::decode_webhook_page(response->body);
        if (!page)
            return tl::unexpected(session.make_error(ApiError::Kind::decode, call, response->status, page.error()));
        const bool empty_page = page->webhooks.empty();
        for (auto& w : page->webhooks) {
            session.learn_url(w.url);
            // A webhook created while paging shifts later pages: an id seen twice is the same webhook.
            if (seen.insert(w.id).second) all.push_back(std::move(w));
        }
        const auto done = [&]() -> ApiResult<Listing> {
            if (pages == 1) listing.only_page = std::move(response->body);
            redact_reasons(all);
            return std::move(listing);
        };
        // Tableau documents no paging for webhooks: one page is all.
        if (!page->pagination) return done();
        const codec::Pagination& p = *page->pagination;
        const auto bad = [&](const std::string& why) {
            return tl::unexpected(session.make_error(ApiError::Kind::decode, call, response->status, why));
        };
        if (p.page_size <= 0 || p.page_number <= 0 || p.total_available < 0)
            return bad("pagination values out of range");
        if (requested_page != 0 && p.page_number != requested_page)
            return bad("asked for page " + std::to_string(requested_page) + ", got page " +
                       std::to_string(p.page_number));
        const long long page_count = p.total_available / p.page_size + (p.total_available % p.page_size != 0 ? 1 : 0);
        if (p.page_number >= page_count) return done();
        // More pages announced: an empty one would mean the server and the list disagree. Fail closed.
        if (empty_page) return bad("page " + std::to_string(p.page_number) + " is empty but more are announced");
        if (pages >= kMaxPages) return bad("more than " + std::to_string(kMaxPages) + " pages");
        requested_page = p.page_number + 1;
        call.query = "pageSize=" + std::to_string(p.page_size) + "&pageNumber=" + std::to_string(requested_page);
    }
}

ApiResult<model::LiveWebhooks> list(Session& session) {
    auto listing = list(session, std::nullopt);
    if (!listing) return tl::unexpected(std::move(listing.error()));
    return std::move(listing->webhooks);
}

ApiResult<model::LiveWebhook> get(Session& session, const std::string& id) {
    ApiCall call{"GET", webhook_path(session, id), "", "", Safety::replayable, true, {200}, {}};
    auto response = session.call(call);
    if (!response) return tl::unexpected(response.error());
    auto webhook = codec::decode_webhook(response->body);
    if (!webhook)
        return tl::unexpected(session.make_error(ApiError::Kind::decode, call, response->status, webhook.error()));
    session.learn_url(webhook->url);
    webhook->status_change_reason = clean_reason(*webhook);
    return std::move(*webhook);
}

ApiResult<SiteUser> query_user(Session& session) {
    const std::string path = "/sites/" + segment(session.info().site_id) + "/users/" + segment(session.info().user_id);
    ApiCall call{"GET", path, "", "", Safety::replayable, true, {200}, {}};
    auto response = session.call(call);
    if (!response) return tl::unexpected(response.error());
    auto user = codec::decode_user(response->body);
    if (!user) return tl::unexpected(session.make_error(ApiError::Kind::decode, call, response->status, user.error()));
    return std::move(*user);
}

codec::EventForm event_form(const Session& session) {
    return session.api_at_least("3.9") ? codec::EventForm::attribute : codec::EventForm::source_element;
}

// A write whose response does not decode still happened: say so, so the caller re-lists.
ApiResult<model::LiveWebhook> written_webhook(Session& session, const ApiCall& call,
                                              const http::HttpResponse& response) {
    auto webhook = codec::decode_webhook(response.body);
    if (!webhook)
        return tl::unexpected(session.make_error(ApiError::Kind::decode, call, response.status,
                                                 webhook.error() + " (the server answered " +
                                                     std::to_string(response.status) +
                                                     ", so the change was probably made; list the site to see it)"));
    return std::move(*webhook);
}

} // namespace

ApiResult<std::shared_ptr<const model::LiveWebhooks>> ListMemo::list(Session& session) {
    const std::lock_guard lock(mutex_);
    auto listing = tableau::list(session, body_);
    if (!listing) return tl::unexpected(std::move(listing.error()));
    if (listing->same_as_known) return webhooks_;
    auto fresh = std::make_shared<const model::LiveWebhooks>(std::move(listing->webhooks));
    body_ = std::move(listing->only_page);
    webhooks_ = body_ ? fresh : nullptr;
    return fresh;
}

template <class Interface> ApiResult<model::LiveWebhooks> SiteReads<Interface>::list_webhooks() {
    return list(*session_);
}
template <class Interface> ApiResult<model::LiveWebhook> SiteReads<Interface>::get_webhook(const std::string& id) {
    return get(*session_, id);
}
template <class Interface> ApiResult<SiteUser> SiteReads<Interface>::signed_in_user() { return query_user(*session_); }
template class SiteReads<ReadClient>;
template class SiteReads<WriteClient>;

ApiError SiteClient::needs_api_3_8(const ApiCall& call, const std::string& what) const {
    return session_->make_error(ApiError::Kind::unsupported, call, 0,
                                what + " needs REST API 3.8 (Tableau 2020.2); this server speaks " +
                                    session_->info().api_version);
}

ApiResult<model::LiveWebhook> SiteClient::write_webhook(ApiCall call, const WebhookSpec& spec, bool include_enabled) {
    auto body = codec::encode_webhook(spec, event_form(*session_), include_enabled);
    if (!body) return tl::unexpected(session_->make_error(ApiError::Kind::unsupported, call, 0, body.error()));
    call.body = std::move(*body);
    session_->learn_url(spec.url);
    for (const auto& secret : spec.secrets) session_->learn_secret(secret);
    auto response = session_->call(call);
    if (!response) return tl::unexpected(response.error());
    return written_webhook(*session_, call, *response);
}

ApiResult<model::LiveWebhook> SiteClient::create_webhook(const WebhookSpec& spec) {
    ApiCall call{"POST", webhooks_path(*session_), "", "", Safety::write, true, {201, 200}, url_secrets(spec.url)};
    // isEnabled exists from 3.8 (it came with update); below that every webhook is enabled.
    const bool has_enabled = session_->api_at_least("3.8");
    if (!spec.enabled && !has_enabled) return tl::unexpected(needs_api_3_8(call, "creating a disabled webhook"));
    return write_webhook(std::move(call), spec, has_enabled);
}

ApiResult<model::LiveWebhook> SiteClient::update_webhook(const std::string& id, const WebhookSpec& spec) {
    ApiCall call{"PUT", webhook_path(*session_, id), "", "", Safety::write, true, {200, 201}, url_secrets(spec.url)};
    if (!session_->api_at_least("3.8")) return tl::unexpected(needs_api_3_8(call, "updating a webhook in place"));
    return write_webhook(std::move(call), spec, true);
}

ApiResult<void> SiteClient::delete_webhook(const std::string& id) {
    ApiCall call{"DELETE", webhook_path(*session_, id), "", "", Safety::write, true, {204, 200}, {}};
    auto response = session_->call(call);
    if (!response) return tl::unexpected(response.error());
    return {};
}

// The test call is a GET, but it makes Tableau POST to the receiver: it is retried like a write, so a
// timed-out test is not repeated blindly against a slow receiver.
ApiResult<TestResult> SiteClient::test_webhook(const std::string& id) {
    ApiCall call{"GET", webhook_path(*session_, id) + "/test", "", "", Safety::write, true, {200}, {}};
    auto response = session_->call(call);
    if (!response) return tl::unexpected(response.error());
    auto result = codec::decode_test_result(response->body);
    if (!result)
        return tl::unexpected(session_->make_error(ApiError::Kind::decode, call, response->status, result.error()));
    // The receiver's answer may echo its URL or a secret: it leaves the client redacted.
    result->body = session_->redact_text(result->body);
    return std::move(*result);
}

bool may_manage_webhooks(std::string_view site_role) {
    return site_role.starts_with("SiteAdministrator") || site_role == "ServerAdministrator";
}

ApiResult<std::unique_ptr<ReadClient>> connect_read_only(const model::Site& site, const ClientOptions& options,
                                                         ClientDeps deps) {
    auto session = Session::open(site, options, std::move(deps), /*read_only=*/true);
    if (!session) return tl::unexpected(session.error());
    return std::make_unique<ReadOnlySiteClient>(std::move(*session));
}

ApiResult<std::unique_ptr<WriteClient>> connect(const model::Site& site, const ClientOptions& options,
                                                ClientDeps deps) {
    auto session = Session::open(site, options, std::move(deps), /*read_only=*/false);
    if (!session) return tl::unexpected(session.error());
    return std::make_unique<SiteClient>(std::move(*session));
}

ApiResult<std::unique_ptr<ReadClient>> connect_read_only(const model::Site& site, const ClientOptions& options) {
    return connect_read_only(site, options, ClientDeps{});
}

ApiResult<std::unique_ptr<WriteClient>> connect(const model::Site& site, const ClientOptions& options) {
    return connect(site, options, ClientDeps{});
}

} // namespace tabhook::tableau
