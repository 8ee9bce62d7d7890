#include "xml_codec.hpp"

#include <pugixml.hpp>

namespace fake::xml {

namespace {

struct StringWriter : pugi::xml_writer {
    std::string out;
    void write(const void* data, std::size_t size) override { out.append(static_cast<const char*>(data), size); }
};

// <tsResponse xmlns="http://tableau.com/api" xmlns:xsi=… xsi:schemaLocation=…>, as real servers answer.
pugi::xml_node response_root(pugi::xml_document& doc, const std::string& api_version) {
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    auto root = doc.append_child("tsResponse");
    root.append_attribute("xmlns") = "http://tableau.com/api";
    root.append_attribute("xmlns:xsi") = "http://www.w3.org/2001/XMLSchema-instance";
    std::string xsd = api_version;
    for (auto& c : xsd)
        if (c == '.') c = '_';
    root.append_attribute("xsi:schemaLocation") =
        ("http://tableau.com/api https://help.tableau.com/samples/en-us/rest_api/ts-api_" + xsd + ".xsd").c_str();
    return root;
}

std::string render(const pugi::xml_document& doc) {
    StringWriter w;
    doc.save(w, "", pugi::format_raw, pugi::encoding_utf8);
    return w.out;
}

void append_webhook(pugi::xml_node parent, const WebhookView& w) {
    auto node = parent.append_child("webhook");
    node.append_attribute("id") = w.id.c_str();
    node.append_attribute("name") = w.name.c_str();
    if (w.has_status) {
        node.append_attribute("isEnabled") = w.enabled ? "true" : "false";
        node.append_attribute("statusChangeReason") = w.status_change_reason.c_str();
    }
    if (!w.event.empty()) node.append_attribute("event") = w.event.c_str();
    // Real servers echo both forms: the `event` attribute and the webhook-source element
    // (tableau/webhooks-docs#33, tableau-api.md §1.2).
    if (!w.element.empty()) node.append_child("webhook-source").append_child(w.element.c_str());
    auto http = node.append_child("webhook-destination").append_child("webhook-destination-http");
    http.append_attribute("method") = "POST";
    http.append_attribute("url") = w.url.c_str();
    if (!w.created_at.empty()) node.append_attribute("createdAt") = w.created_at.c_str();
    if (!w.updated_at.empty()) node.append_attribute("updatedAt") = w.updated_at.c_str();
    auto owner = node.append_child("owner");
    owner.append_attribute("id") = w.owner_id.c_str();
    owner.append_attribute("name") = w.owner_name.c_str();
}

// Local name without a namespace prefix, so <ts:webhook> and <webhook> read the same.
std::string_view local_name(const pugi::xml_node& n) {
    std::string_view name = n.name();
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& parent, std::string_view name) {
    for (auto c = parent.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_element && local_name(c) == name) return c;
    return {};
}

std::optional<std::string> attr(const pugi::xml_node& n, const char* name) {
    const auto a = n.attribute(name);
    if (!a) return std::nullopt;
    return std::string(a.value());
}

Outcome<pugi::xml_node> request_child(pugi::xml_document& doc, std::string_view body, std::string_view name) {
    const auto parsed = doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed) return bad_request(std::string("Malformed XML request body: ") + parsed.description());
    const auto root = doc.document_element();
    if (local_name(root) != "tsRequest") return bad_request("The request body must be a <tsRequest> element.");
    const auto node = child(root, name);
    if (!node) return bad_request("The request body has no <" + std::string(name) + "> element.");
    return node;
}

} // namespace

std::string error(const ApiError& e, const std::string& api_version) {
    pugi::xml_document doc;
    auto err = response_root(doc, api_version).append_child("error");
    err.append_attribute("code") = e.code.c_str();
    err.append_child("summary").text() = e.summary.c_str();
    err.append_child("detail").text() = e.detail.c_str();
    return render(doc);
}

std::string webhook(const WebhookView& w, const std::string& api_version) {
    pugi::xml_document doc;
    append_webhook(response_root(doc, api_version), w);
    return render(doc);
}

std::string webhooks(const std::vector<WebhookView>& list, const std::string& api_version) {
    pugi::xml_document doc;
    auto node = response_root(doc, api_version).append_child("webhooks");
    for (const auto& w : list) append_webhook(node, w);
    return render(doc);
}

std::string credentials(const CredentialsView& c, const std::string& api_version) {
    pugi::xml_document doc;
    auto node = response_root(doc, api_version).append_child("credentials");
    node.append_attribute("token") = c.token.c_str();
    node.append_attribute("estimatedTimeToExpiration") = c.estimated_time_to_expiration.c_str();
    auto site = node.append_child("site");
    site.append_attribute("id") = c.site_id.c_str();
    site.append_attribute("contentUrl") = c.site_content_url.c_str();
    node.append_child("user").append_attribute("id") = c.user_id.c_str();
    return render(doc);
}

std::string user(const UserView& u, const std::string& api_version) {
    pugi::xml_document doc;
    auto node = response_root(doc, api_version).append_child("user");
    node.append_attribute("id") = u.id.c_str();
    node.append_attribute("name") = u.name.c_str();
    node.append_attribute("siteRole") = u.site_role.c_str();
    node.append_attribute("authSetting") = u.auth_setting.c_str();
    if (!u.last_login.empty()) node.append_attribute("lastLogin") = u.last_login.c_str();
    node.append_attribute("externalAuthUserId") = "";
    node.append_attribute("language") = "en";
    node.append_attribute("locale") = "en_US";
    node.append_child("domain").append_attribute("name") = "local";
    return render(doc);
}

std::string server_info(const ServerInfoView& s, const std::string& api_version) {
    pugi::xml_document doc;
    auto node = response_root(doc, api_version).append_child("serverInfo");
    auto pv = node.append_child("productVersion");
    pv.append_attribute("build") = s.build.c_str();
    pv.text() = s.product_version.c_str();
    node.append_child("restApiVersion").text() = s.api_version.c_str();
    return render(doc);
}

std::string test_result(const TestResultView& t, const std::string& api_version) {
    pugi::xml_document doc;
    auto node = response_root(doc, api_version).append_child("webhookTestResult");
    node.append_attribute("id") = t.id.c_str();
    if (t.status) node.append_attribute("status") = *t.status; // optional in Tableau's schema
    node.append_child("body").text() = t.body.c_str();
    return render(doc);
}

Outcome<SignInRequest> parse_signin(std::string_view body) {
    pugi::xml_document doc;
    auto found = request_child(doc, body, "credentials");
    if (const auto* e = error_of(found)) return *e;
    const pugi::xml_node cred = value_of(found);
    SignInRequest req;
    req.name = attr(cred, "name");
    req.password = attr(cred, "password");
    req.pat_name = attr(cred, "personalAccessTokenName");
    req.pat_secret = attr(cred, "personalAccessTokenSecret");
    req.jwt = attr(cred, "jwt");
    if (const auto site = child(cred, "site")) req.site_content_url = attr(site, "contentUrl");
    req.impersonate = static_cast<bool>(child(cred, "user"));
    return req;
}

Outcome<SwitchSiteRequest> parse_switch_site(std::string_view body) {
    pugi::xml_document doc;
    auto found = request_child(doc, body, "site");
    if (const auto* e = error_of(found)) return *e;
    return SwitchSiteRequest{attr(value_of(found), "contentUrl")};
}

Outcome<WebhookRequest> parse_webhook(std::string_view body) {
    pugi::xml_document doc;
    auto found = request_child(doc, body, "webhook");
    if (const auto* e = error_of(found)) return *e;
    const pugi::xml_node node = value_of(found);
    WebhookRequest req;
    req.name = attr(node, "name");
    req.event = attr(node, "event");
    req.status_change_reason = attr(node, "statusChangeReason");
    if (const auto enabled = attr(node, "isEnabled")) {
        if (*enabled == "true" || *enabled == "1")
            req.enabled = true;
        else if (*enabled == "false" || *enabled == "0")
            req.enabled = false;
        else
            return bad_request("isEnabled must be true or false.");
    }
    if (const auto source = child(node, "webhook-source")) {
        int count = 0;
        for (auto c = source.first_child(); c; c = c.next_sibling())
            if (c.type() == pugi::node_element) {
                ++count;
                req.source_element = std::string(local_name(c));
            }
        if (count != 1) return bad_request("<webhook-source> must contain exactly one event element.");
    }
    if (const auto dest = child(node, "webhook-destination")) {
        const auto http = child(dest, "webhook-destination-http");
        if (!http) return bad_request("<webhook-destination> must contain <webhook-destination-http>.");
        req.url = attr(http, "url");
        req.method = attr(http, "method");
    }
    return req;
}

} // namespace fake::xml
