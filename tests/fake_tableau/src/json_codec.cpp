#include "json_codec.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace fake::json {

using nlohmann::json;

namespace {

json webhook_object(const WebhookView& w, const JsonStyle& style) {
    json j = {{"id", w.id},
              {"name", w.name},
              {"webhook-destination", {{"webhook-destination-http", {{"method", "POST"}, {"url", w.url}}}}},
              {"owner", {{"id", w.owner_id}, {"name", w.owner_name}}}};
    if (w.has_status) {
        // A JSON boolean (inferred from webhooks-docs#33); --json-enabled string writes "true"/"false", as
        // an XML-to-JSON conversion that keeps attribute text would.
        if (style.enabled_as_string)
            j["isEnabled"] = w.enabled ? "true" : "false";
        else
            j["isEnabled"] = w.enabled;
        j["statusChangeReason"] = w.status_change_reason;
    }
    if (!w.event.empty()) j["event"] = w.event;
    if (!w.element.empty()) j["webhook-source"] = {{w.element, json::object()}};
    if (!w.created_at.empty()) j["createdAt"] = w.created_at;
    if (!w.updated_at.empty()) j["updatedAt"] = w.updated_at;
    return j;
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// Reads a field that must be a string when present; numbers and booleans are refused.
Outcome<std::optional<std::string>> opt_string(const json& obj, const char* key) {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return std::optional<std::string>{};
    if (!it->is_string()) return bad_request(std::string("\"") + key + "\" must be a string.");
    return std::optional<std::string>{it->get<std::string>()};
}

Outcome<json> request_object(std::string_view body, const char* key) {
    json doc = json::parse(body, nullptr, false);
    if (doc.is_discarded()) return bad_request("Malformed JSON request body.");
    if (doc.is_object() && doc.size() == 1 && doc.contains("tsRequest")) doc = doc["tsRequest"];
    if (!doc.is_object()) return bad_request("The request body must be a JSON object.");
    const auto it = doc.find(key);
    if (it == doc.end() || !it->is_object())
        return bad_request(std::string("The request body has no \"") + key + "\" object.");
    return *it;
}

} // namespace

std::string error(const ApiError& e, const JsonStyle& style) {
    // The code is a string in Tableau's JSON ("401002", tableau-api.md §1.5); --json-error-code number
    // writes a numeric code as a JSON number.
    json code = e.code;
    if (style.code_as_number && !e.code.empty() &&
        std::all_of(e.code.begin(), e.code.end(), [](char c) { return c >= '0' && c <= '9'; }))
        code = std::stoll(e.code);
    return dump({{"error", {{"summary", e.summary}, {"detail", e.detail}, {"code", std::move(code)}}}});
}

std::string webhook(const WebhookView& w, const JsonStyle& style) {
    return dump({{"webhook", webhook_object(w, style)}});
}

std::string webhooks(const std::vector<WebhookView>& list, const JsonStyle& style) {
    // An empty list is {"webhooks": {}} (inferred from tableau-api-lib, tableau-api.md §1.3). With
    // --json-single-item object, a one-element list is that element itself, as generic XML-to-JSON
    // converters write a repeated element that happens to occur once.
    json hooks = json::object();
    if (list.size() == 1 && style.single_item_as_object) {
        hooks["webhook"] = webhook_object(list.front(), style);
    } else if (!list.empty()) {
        json arr = json::array();
        for (const auto& w : list) arr.push_back(webhook_object(w, style));
        hooks["webhook"] = std::move(arr);
    }
    return dump({{"webhooks", std::move(hooks)}});
}

std::string credentials(const CredentialsView& c) {
    return dump({{"credentials",
                  {{"site", {{"id", c.site_id}, {"contentUrl", c.site_content_url}}},
                   {"user", {{"id", c.user_id}}},
                   {"token", c.token},
                   {"estimatedTimeToExpiration", c.estimated_time_to_expiration}}}});
}

std::string user(const UserView& u) {
    json object = {{"domain", {{"name", "local"}}},
                   {"id", u.id},
                   {"name", u.name},
                   {"siteRole", u.site_role},
                   {"authSetting", u.auth_setting},
                   {"externalAuthUserId", ""},
                   {"language", "en"},
                   {"locale", "en_US"}};
    if (!u.last_login.empty()) object["lastLogin"] = u.last_login;
    return dump({{"user", std::move(object)}});
}

std::string server_info(const ServerInfoView& s) {
    return dump({{"serverInfo",
                  {{"productVersion", {{"value", s.product_version}, {"build", s.build}}},
                   {"restApiVersion", s.api_version}}}});
}

std::string test_result(const TestResultView& t) {
    json result = {{"id", t.id}};
    if (t.status) result["status"] = *t.status; // Tableau's schema makes it optional (--test-result no-status)
    result["body"] = t.body;
    return dump({{"webhookTestResult", std::move(result)}});
}

Outcome<SignInRequest> parse_signin(std::string_view body) {
    auto found = request_object(body, "credentials");
    if (const auto* e = error_of(found)) return *e;
    const json& cred = value_of(found);
    SignInRequest req;
    struct Field {
        const char* key;
        std::optional<std::string>* out;
    };
    for (const Field f :
         {Field{"name", &req.name}, Field{"password", &req.password}, Field{"personalAccessTokenName", &req.pat_name},
          Field{"personalAccessTokenSecret", &req.pat_secret}, Field{"jwt", &req.jwt}}) {
        auto v = opt_string(cred, f.key);
        if (const auto* e = error_of(v)) return *e;
        *f.out = value_of(v);
    }
    if (const auto site = cred.find("site"); site != cred.end() && !site->is_null()) {
        if (!site->is_object()) return bad_request("\"site\" must be an object.");
        auto cu = opt_string(*site, "contentUrl");
        if (const auto* e = error_of(cu)) return *e;
        req.site_content_url = value_of(cu);
    }
    req.impersonate = cred.contains("user");
    return req;
}

Outcome<SwitchSiteRequest> parse_switch_site(std::string_view body) {
    auto found = request_object(body, "site");
    if (const auto* e = error_of(found)) return *e;
    auto cu = opt_string(value_of(found), "contentUrl");
    if (const auto* e = error_of(cu)) return *e;
    return SwitchSiteRequest{value_of(cu)};
}

Outcome<WebhookRequest> parse_webhook(std::string_view body) {
    auto found = request_object(body, "webhook");
    if (const auto* e = error_of(found)) return *e;
    const json& w = value_of(found);
    WebhookRequest req;
    for (const auto& [key, out] : {std::pair{"name", &req.name}, std::pair{"event", &req.event},
                                   std::pair{"statusChangeReason", &req.status_change_reason}}) {
        auto v = opt_string(w, key);
        if (const auto* e = error_of(v)) return *e;
        *out = value_of(v);
    }
    if (const auto it = w.find("isEnabled"); it != w.end() && !it->is_null()) {
        // A boolean, or the strings "true"/"false" that Tableau's Postman collection sends.
        if (it->is_boolean())
            req.enabled = it->get<bool>();
        else if (it->is_string() && (*it == "true" || *it == "false"))
            req.enabled = (*it == "true");
        else
            return bad_request("isEnabled must be true or false.");
    }
    if (const auto it = w.find("webhook-source"); it != w.end() && !it->is_null()) {
        if (!it->is_object() || it->size() != 1)
            return bad_request("\"webhook-source\" must be an object with exactly one event key.");
        req.source_element = it->begin().key();
    }
    if (const auto it = w.find("webhook-destination"); it != w.end() && !it->is_null()) {
        const auto http = it->is_object() ? it->find("webhook-destination-http") : it->end();
        if (!it->is_object() || http == it->end() || !http->is_object())
            return bad_request("\"webhook-destination\" must contain a \"webhook-destination-http\" object.");
        auto url = opt_string(*http, "url");
        if (const auto* e = error_of(url)) return *e;
        req.url = value_of(url);
        auto method = opt_string(*http, "method");
        if (const auto* e = error_of(method)) return *e;
        req.method = value_of(method);
    }
    return req;
}

} // namespace fake::json
