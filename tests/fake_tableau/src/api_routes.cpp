#include "api_routes.hpp"

#include "codec.hpp"
#include "support.hpp"

#include "model/events.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <random>

namespace fake {

namespace {

constexpr ApiVersion kServerInfoSince{2, 4}; // [H-SRV]
constexpr ApiVersion kSwitchSiteSince{2, 6}; // [TSC @api("2.6"), tableau-api.md §6.2]
constexpr ApiVersion kWebhooksSince{3, 6};   // [TSC @api("3.6"), XSD-a generator config]
constexpr ApiVersion kUpdateSince{3, 8};     // [WD-PM "2020.2+", XSD-a updateWebhook = 3.8]
// isEnabled came with update (2020.2), the `event` attribute with 2020.3 (tableau-api.md §2). Below
// those versions responses leave them out, and requests that carry them have them ignored, as an
// older server ignores attributes it does not know (assumed: what a real one does is UNCONFIRMED).
constexpr ApiVersion kStatusSince{3, 8};
constexpr ApiVersion kEventAttributeSince{3, 9};

// REST API version → Tableau release, for serverinfo's productVersion (tableau-api.md §1 map, extended
// past 3.16 by Tableau's published version table; the build numbers are made up).
std::pair<std::string, std::string> product_for(const ApiVersion& v) {
    static constexpr std::pair<int, const char*> releases[] = {
        {6, "2019.4"},  {7, "2020.1"},  {8, "2020.2"},  {9, "2020.3"},  {10, "2020.4"}, {11, "2021.1"}, {12, "2021.2"},
        {13, "2021.3"}, {14, "2021.4"}, {15, "2022.1"}, {16, "2022.2"}, {17, "2022.3"}, {18, "2022.4"}, {19, "2023.1"},
        {20, "2023.2"}, {21, "2023.3"}, {22, "2024.1"}, {23, "2024.2"}, {24, "2024.3"}, {25, "2025.1"}, {26, "2025.2"}};
    std::string release = "2025.2";
    if (v.major == 3)
        for (const auto& [minor, name] : releases)
            if (minor == v.minor) release = name;
    if (v.major < 3 || (v.major == 3 && v.minor < 6)) release = "2019.3";
    std::string build = release;
    build.erase(std::remove(build.begin(), build.end(), '.'), build.end());
    return {release + ".0", build + ".24.0101.0000"};
}

ApiError method_not_allowed(const std::string& method) {
    return {405, "405000", "Method Not Allowed", "Request method '" + method + "' is not supported for this resource."};
}

// Non-administrators may not manage webhooks [WD-2020 Prerequisites]; the code is UNCONFIRMED, 403000
// is assumed (Tableau's status×1000 scheme with sub-code 0).
ApiError not_admin() { return {403, "403000", "Forbidden", "Only site or server administrators can manage webhooks."}; }

// The site id in the URI must be the signed-in session's site. An unknown site id is 404000 [H-SRV]; a
// known site that is not the session's site is answered the same way (assumed: a session sees only its
// own site), with a detail that says why.
ApiError site_not_found(bool exists) {
    return {404, "404000", "Site Not Found",
            exists ? "The site id in the URI is not the site this session is signed in to."
                   : "The site id in the URI does not match any site."};
}

// The webhook id in a Test a Webhook call is unknown: 400113 in every --unknown-webhook row, since this is
// the one answer Tableau documents (get/update/delete follow the row). WD-2020 ties 400113 to "the webhook doesn't
// exist" in its Test section; that reading is used here (an interpretation, see README).
ApiError test_webhook_not_found(const std::string& id) {
    return {400, "400113", "Bad Request", "Webhook '" + id + "' does not exist."};
}

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    while (!path.empty()) {
        const auto slash = path.find('/');
        out.emplace_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    if (!out.empty() && out.back().empty()) out.pop_back(); // one trailing slash is tolerated
    return out;
}

// The webhook as a server speaking `api` writes it. createdAt/updatedAt only with --created-at present:
// the real responses seen in the public evidence carry none (tableau-api.md §1.2).
WebhookView view_of(const Webhook& w, const ApiVersion& api, const ServerProfile& profile) {
    const bool dates = profile.created_at == CreatedAt::present;
    return {w.id,
            w.name,
            api < kEventAttributeSince ? std::string() : w.event,
            w.element,
            w.url,
            w.enabled,
            w.status_change_reason,
            api >= kStatusSince,
            w.owner_id,
            w.owner_name,
            dates ? w.created_at : std::string(),
            dates ? w.updated_at : std::string()};
}

// The list in the order the profile's list-order row asks for. Tableau documents no order; the fake's
// own is creation order. `shuffled` draws a new order for every list and, with two or more webhooks,
// never the creation order, so a client that depends on list order cannot pass by luck.
void order_list(std::vector<Webhook>& list, ListOrder order) {
    if (order == ListOrder::reversed) std::reverse(list.begin(), list.end());
    if (order != ListOrder::shuffled || list.size() < 2) return;
    thread_local std::mt19937 random{std::random_device{}()};
    const std::vector<Webhook> created = list;
    auto same = [&] {
        return std::equal(list.begin(), list.end(), created.begin(),
                          [](const Webhook& a, const Webhook& b) { return a.id == b.id; });
    };
    do {
        std::shuffle(list.begin(), list.end(), random);
    } while (same());
}

// "2021.1 (API 3.11)" in the catalogue's `since`: the first API version that knows the event, when
// tableau-api.md names one.
std::optional<ApiVersion> event_api_since(const tabhook::model::EventInfo& e) {
    const auto at = e.since.find("(API ");
    if (at == std::string_view::npos) return std::nullopt;
    const auto end = e.since.find(')', at);
    return parse_api_version(std::string(e.since.substr(at + 5, end - at - 5)));
}

struct EventChoice {
    std::string event;
    std::string element;
};

// Resolves the two ways a request names an event. `event` takes the PascalCase name only (putting an
// element form there is wrong, webhooks-docs PR #21 review); the webhook-source child takes an element
// form (webhook-source-event-… or webhook-event-…). Both may be given if they name the same event.
// An event newer than the request's API version is unknown to that server.
Outcome<std::optional<EventChoice>> resolve_event(const WebhookRequest& r, const ApiVersion& api) {
    const tabhook::model::EventInfo* by_attr = nullptr;
    const tabhook::model::EventInfo* by_elem = nullptr;
    const bool has_attr = r.event && !r.event->empty();
    if (has_attr) {
        by_attr = tabhook::model::find_event(*r.event);
        if (!by_attr || by_attr->name != *r.event) return bad_request("Unknown webhook event '" + *r.event + "'.");
    }
    if (r.source_element) {
        by_elem = tabhook::model::find_event(*r.source_element);
        if (!by_elem || r.source_element->rfind("webhook-", 0) != 0)
            return bad_request("Unknown webhook event '" + *r.source_element + "' in <webhook-source>.");
    }
    if (by_attr && by_elem && by_attr != by_elem)
        return bad_request("The event attribute and the webhook-source element name different events.");
    const auto* info = by_attr ? by_attr : by_elem;
    if (!info) return std::optional<EventChoice>{};
    if (const auto since = event_api_since(*info); since && api < *since)
        return bad_request("Unknown webhook event '" + std::string(by_attr ? info->name : info->element) + "'.");
    return std::optional<EventChoice>{EventChoice{std::string(info->name), std::string(info->element)}};
}

// https is required [WD-2020]; http is accepted for loopback hosts only, so tests can use local
// receivers (a documented deviation: Tableau would refuse it).
std::optional<ApiError> check_destination(const WebhookRequest& r) {
    if (r.method && *r.method != "POST") return bad_request("The destination method must be POST.");
    if (!r.url) return std::nullopt;
    const auto url = parse_http_url(*r.url);
    if (!url) return bad_request("The destination URL is not a valid https URL.");
    if (url->scheme == "http" && !is_loopback_host(url->host))
        return bad_request("The destination URL must use https.");
    return std::nullopt;
}

class Call {
  public:
    Call(Context& ctx, const HttpRequest& req, RequestNote& note)
        : ctx_(ctx), req_(req), note_(note), codec_(ctx.options.xml_only ? Format::xml : response_format(req.accept),
                                                    ctx.options.api_version, json_style(ctx.options.profile)) {}

    HttpResponse run();

  private:
    HttpResponse fail(const ApiError& e) const { return codec_.error(e); }
    HttpResponse ok(int status, std::string body) const { return {status, codec_.content_type(), std::move(body), {}}; }

    HttpResponse server_info(const ApiVersion& max);
    HttpResponse sign_in();
    HttpResponse sign_out();
    HttpResponse switch_site();
    HttpResponse credentials(const Session& s) const;
    HttpResponse webhooks(const std::string& site_id, const std::string* webhook_id, bool test);
    HttpResponse site_user(const std::string& site_id, const std::string& user_id);
    Outcome<Session> site_session(const std::string& site_id);
    HttpResponse create(const Session& s);
    HttpResponse update(const Session& s, const std::string& id);
    HttpResponse test(const Session& s, const std::string& id);

    Context& ctx_;
    const HttpRequest& req_;
    RequestNote& note_;
    Codec codec_;
    std::string version_;
    ApiVersion api_; // the version in the request's path

    // The request as a server speaking api_ reads it: fields newer than that version are ignored.
    WebhookRequest as_understood(WebhookRequest r) const {
        if (api_ < kEventAttributeSince) r.event.reset();
        if (api_ < kStatusSince) {
            r.enabled.reset();
            r.status_change_reason.reset();
        }
        return r;
    }
};

HttpResponse Call::run() {
    const std::string& path = req_.path;
    if (path.rfind("/api/", 0) != 0) return fail(unknown_resource(path));
    const std::string after_api = path.substr(4);
    const auto seg = split_path(std::string_view(path).substr(5));
    const auto max = parse_api_version(ctx_.options.api_version).value_or(ApiVersion{3, 24});
    const auto version = seg.empty() ? std::nullopt : parse_api_version(seg[0]);
    // A version above what the server speaks is an unknown resource, as is a malformed one
    // (webhooks-docs#7: /api/exp/… on a server without the feature → 404003).
    if (!version || *version > max) return fail(unknown_resource(after_api));
    version_ = seg[0];
    api_ = *version;
    const std::size_t n = seg.size();
    const std::string& m = req_.method;

    if (n == 2 && iequals(seg[1], "serverinfo")) { // /serverinfo and /serverInfo both work (assumed)
        if (*version < kServerInfoSince) return fail(unknown_resource(after_api));
        if (m != "GET") return fail(method_not_allowed(m));
        return server_info(max);
    }
    if (n == 3 && seg[1] == "auth" && (seg[2] == "signin" || seg[2] == "signout")) {
        if (m != "POST") return fail(method_not_allowed(m));
        return seg[2] == "signin" ? sign_in() : sign_out();
    }
    if (n == 3 && seg[1] == "auth" && seg[2] == "switchSite") {
        if (*version < kSwitchSiteSince) return fail(unknown_resource(after_api));
        if (m != "POST") return fail(method_not_allowed(m));
        return switch_site();
    }
    if (n >= 4 && n <= 6 && seg[1] == "sites" && seg[3] == "webhooks" && (n != 6 || seg[5] == "test")) {
        if (*version < kWebhooksSince) return fail(unknown_resource(after_api));
        if (n == 4 && m != "GET" && m != "POST") return fail(method_not_allowed(m));
        if (n == 5 && m == "PUT" && *version < kUpdateSince) return fail(unknown_resource(after_api));
        if (n == 5 && m != "GET" && m != "PUT" && m != "DELETE") return fail(method_not_allowed(m));
        if (n == 6 && m != "GET") return fail(method_not_allowed(m));
        return webhooks(seg[2], n >= 5 ? &seg[4] : nullptr, n == 6);
    }
    if (n == 5 && seg[1] == "sites" && seg[3] == "users") { // Query User On Site (API 2.3+, so every version here)
        if (m != "GET") return fail(method_not_allowed(m));
        return site_user(seg[2], seg[4]);
    }
    return fail(unknown_resource(after_api));
}

HttpResponse Call::server_info(const ApiVersion& max) {
    const auto [product, build] = product_for(max);
    return ok(200, codec_.server_info({product, build, ctx_.options.api_version}));
}

std::string format_hms_impl(long long seconds) {
    if (seconds < 0) seconds = 0;
    return fmt::format("{}:{:02}:{:02}", seconds / 3600, (seconds / 60) % 60, seconds % 60);
}

HttpResponse Call::sign_in() {
    auto parsed = Codec::parse_signin(req_);
    if (const auto* e = error_of(parsed)) return fail(*e);
    const SignInRequest& r = value_of(parsed);
    note_.signin = r.pat_name ? "pat:" + *r.pat_name : "password";
    if (r.name) note_.user = *r.name;
    auto result = ctx_.state.sign_in(r);
    if (const auto* e = error_of(result)) return fail(*e);
    const Session& s = value_of(result);
    note_.session = s.serial;
    note_.user = s.user_name;
    note_.site = s.site_content_url;
    return credentials(s);
}

// Sign-in's answer, also Switch Site's: the token, the site, the user, and the time the session has left.
HttpResponse Call::credentials(const Session& s) const {
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(s.expires - SteadyClock::now()).count();
    return ok(200, codec_.credentials({s.token, s.site_id, s.site_content_url, s.user_id, format_hms_impl(left)}));
}

HttpResponse Call::sign_out() {
    if (auto s = ctx_.state.authenticate(req_.auth_token); !error_of(s)) {
        note_.session = value_of(s).serial;
        note_.user = value_of(s).user_name;
        note_.site = value_of(s).site_content_url;
    }
    if (const auto e = ctx_.state.sign_out(req_.auth_token)) return fail(*e);
    return {204, "", "", {}};
}

// Switch Site (tableau-api.md §6.2; the assumptions are listed at StateStore::switch_site). With
// --switch-site unsupported the server answers as Tableau Cloud is assumed to: Cloud documents the method as
// unavailable, and answers another server-level method it does not support ("Sites query is unsupported for
// Tableau Cloud", tableau/tabcmd#135) with 403 / 403069, so that answer is used here (assumed, UNCONFIRMED for
// switchSite). The token is checked first, so a dead token still gets the --expired-session answer.
HttpResponse Call::switch_site() {
    auto auth = ctx_.state.authenticate(req_.auth_token);
    if (const auto* e = error_of(auth)) return fail(*e);
    note_.session = value_of(auth).serial;
    note_.user = value_of(auth).user_name;
    note_.site = value_of(auth).site_content_url;
    if (ctx_.options.switch_site == SwitchSite::unsupported)
        return fail({403, "403069", "Forbidden", "Switch site is unsupported for this server."});
    auto parsed = Codec::parse_switch_site(req_);
    if (const auto* e = error_of(parsed)) return fail(*e);
    auto result = ctx_.state.switch_site(req_.auth_token, value_of(parsed).site_content_url.value_or(""));
    if (const auto* e = error_of(result)) return fail(*e);
    const Session& s = value_of(result);
    // The log shows the new session: its serial, and the site it is on.
    note_.session = s.serial;
    note_.site = s.site_content_url;
    return credentials(s);
}

// The session of the request's token, noted in the request log, which must be signed in to `site_id`.
Outcome<Session> Call::site_session(const std::string& site_id) {
    auto auth = ctx_.state.authenticate(req_.auth_token);
    if (const auto* e = error_of(auth)) return *e;
    const Session& s = value_of(auth);
    note_.session = s.serial;
    note_.user = s.user_name;
    note_.site = s.site_content_url;
    if (site_id != s.site_id) return site_not_found(ctx_.state.site_by_id(site_id).has_value());
    return s;
}

// Query User On Site: `<user id name siteRole authSetting …><domain name/></user>` [H-REF users methods]. Who
// may call it is assumed: administrators may query anyone, and a non-administrator nobody, not even
// themselves (403 / 403000, the code assumed as for webhooks); an unknown user id is 404 / 404002 (assumed).
HttpResponse Call::site_user(const std::string& site_id, const std::string& user_id) {
    auto auth = site_session(site_id);
    if (const auto* e = error_of(auth)) return fail(*e);
    const Session& s = value_of(auth);
    if (!s.admin)
        return fail({403, "403000", "Forbidden", "Only site or server administrators can query users on a site."});
    const auto user = ctx_.state.site_user(site_id, user_id);
    if (!user) return fail({404, "404002", "Resource Not Found", "User '" + user_id + "' could not be found."});
    return ok(200, codec_.user({user->id, user->name, user->site_role, "ServerDefault", ""}));
}

HttpResponse Call::webhooks(const std::string& site_id, const std::string* webhook_id, bool is_test) {
    auto auth = site_session(site_id);
    if (const auto* e = error_of(auth)) return fail(*e);
    const Session& s = value_of(auth);
    if (!s.admin) return fail(not_admin());
    const std::string& m = req_.method;
    if (!webhook_id) {
        if (m == "POST") return create(s);
        std::vector<WebhookView> views;
        auto listed = ctx_.state.list(s.site_id);
        order_list(listed, ctx_.options.profile.list_order);
        for (const auto& w : listed) views.push_back(view_of(w, api_, ctx_.options.profile));
        return ok(200, codec_.webhooks(views));
    }
    if (is_test) return test(s, *webhook_id);
    if (m == "PUT") return update(s, *webhook_id);
    if (m == "DELETE") {
        if (!ctx_.state.remove(s.site_id, *webhook_id))
            return fail(webhook_not_found(*webhook_id, ctx_.options.profile.unknown_webhook));
        return {204, "", "", {}};
    }
    const auto w = ctx_.state.get(s.site_id, *webhook_id);
    if (!w) return fail(webhook_not_found(*webhook_id, ctx_.options.profile.unknown_webhook));
    return ok(200, codec_.webhook(view_of(*w, api_, ctx_.options.profile)));
}

HttpResponse Call::create(const Session& s) {
    auto parsed = Codec::parse_webhook(req_);
    if (const auto* e = error_of(parsed)) return fail(*e);
    const WebhookRequest r = as_understood(value_of(parsed));
    if (!r.name || r.name->empty()) return fail(bad_request("The webhook name is required."));
    auto event = resolve_event(r, api_);
    if (const auto* e = error_of(event)) return fail(*e);
    if (!value_of(event))
        return fail(bad_request("An event (the event attribute or a webhook-source element) is required."));
    if (!r.url || r.url->empty()) return fail(bad_request("The destination URL is required."));
    if (const auto e = check_destination(r)) return fail(*e);
    Webhook w;
    w.site_id = s.site_id;
    w.name = *r.name;
    w.event = value_of(event)->event;
    w.element = value_of(event)->element;
    w.url = *r.url;
    // statusChangeReason is not a create field (webhooks-docs PR #18) and is ignored here (assumed).
    w.enabled = r.enabled.value_or(true);
    w.status_change_reason = w.enabled ? "" : kDisabledByUser;
    w.owner_id = s.user_id;
    w.owner_name = s.user_name;
    auto created = ctx_.state.create(std::move(w));
    if (const auto* e = error_of(created)) return fail(*e);
    const Webhook& c = value_of(created);
    HttpResponse res = ok(201, codec_.webhook(view_of(c, api_, ctx_.options.profile)));
    res.headers.emplace_back("Location", "/api/" + version_ + "/sites/" + c.site_id + "/webhooks/" + c.id);
    return res;
}

HttpResponse Call::update(const Session& s, const std::string& id) {
    if (!ctx_.state.get(s.site_id, id)) return fail(webhook_not_found(id, ctx_.options.profile.unknown_webhook));
    auto parsed = Codec::parse_webhook(req_);
    if (const auto* e = error_of(parsed)) return fail(*e);
    const WebhookRequest r = as_understood(value_of(parsed));
    if (r.name && r.name->empty()) return fail(bad_request("The webhook name must not be empty."));
    auto event = resolve_event(r, api_);
    if (const auto* e = error_of(event)) return fail(*e);
    if (r.url && r.url->empty()) return fail(bad_request("The destination URL must not be empty."));
    if (const auto e = check_destination(r)) return fail(*e);
    // Fields left out stay as they are (partial update; UNCONFIRMED, as TSC PR #1806 assumes).
    WebhookPatch patch;
    patch.name = r.name;
    if (value_of(event)) {
        patch.event = value_of(event)->event;
        patch.element = value_of(event)->element;
    }
    patch.url = r.url;
    patch.enabled = r.enabled;
    patch.status_change_reason = r.status_change_reason;
    auto updated = ctx_.state.update(s.site_id, id, patch);
    if (const auto* e = error_of(updated)) return fail(*e);
    const Webhook& u = value_of(updated);
    // The only documentation says 201 with Location for Update [WD-2020]; the real code is UNCONFIRMED, so
    // it is a row of the assumption matrix (--update-status): 200 answers without Location, as TSC's mocks.
    if (ctx_.options.profile.update_status == UpdateStatus::ok_200)
        return ok(200, codec_.webhook(view_of(u, api_, ctx_.options.profile)));
    HttpResponse res = ok(201, codec_.webhook(view_of(u, api_, ctx_.options.profile)));
    res.headers.emplace_back("Location", "/api/" + version_ + "/sites/" + u.site_id + "/webhooks/" + u.id);
    return res;
}

HttpResponse Call::test(const Session& s, const std::string& id) {
    const auto w = ctx_.state.get(s.site_id, id);
    if (!w) return fail(test_webhook_not_found(id));
    // --test-result agent-404: Tableau Online has been seen answering 200 with status "404" and a body
    // like "agent not found" when its delivery agent never reached the receiver; the receiver is not
    // contacted and no delivery is recorded.
    if (ctx_.options.profile.test_result == TestResult::agent_404)
        return ok(200, codec_.test_result(TestResultView{w->id, 404, "agent not found"}));
    // Tableau POSTs an empty body and relays the destination's answer [WD-2020 Test]. Without an HTTP
    // answer the fake reports 504 (timeout) or 502 (connection failed / non-loopback), assumed.
    DeliveryResult r = ctx_.deliverer.post(w->url, "");
    TestResultView view{w->id, r.status, r.body};
    if (r.status == 0) {
        view.status = r.error.rfind("timeout", 0) == 0 ? 504 : 502;
        view.body = r.error;
    }
    // --test-result no-status: Tableau's schema makes `status` optional and only `body` required.
    if (ctx_.options.profile.test_result == TestResult::no_status) view.status.reset();
    ctx_.deliveries.add(
        {iso8601_now(true), "test", "", w->event, w->id, w->name, w->site_id, w->url, 1, "", std::move(r)});
    return ok(200, codec_.test_result(view));
}

} // namespace

std::string format_hms(long long seconds) { return format_hms_impl(seconds); }

HttpResponse ApiRoutes::handle(const HttpRequest& req, RequestNote& note) {
    Call call(ctx_, req, note);
    return call.run();
}

} // namespace fake
