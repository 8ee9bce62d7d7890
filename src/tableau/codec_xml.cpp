// XML responses, Tableau's default format: <tsResponse xmlns="http://tableau.com/api"> around one
// element. pugixml expands no external entities and builds the tree without recursion, so hostile
// input costs memory proportional to its size and nothing else.
#include <charconv>
#include <cstring>

#include <pugixml.hpp>

#include "model/events.hpp"
#include "tableau/codec_formats.hpp"

namespace tabhook::tableau::codec::xml_format {

namespace {

tl::unexpected<std::string> fail(std::string why) { return tl::unexpected(std::move(why)); }

// Element names compared without a namespace prefix: <ts:webhook> and <webhook> are the same element.
std::string_view local_name(const pugi::xml_node& node) {
    std::string_view name = node.name();
    if (const auto colon = name.find(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
    return name;
}

pugi::xml_node child(const pugi::xml_node& parent, std::string_view name) {
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_element && local_name(c) == name) return c;
    return {};
}

struct Document {
    pugi::xml_document doc;
    pugi::xml_node payload; // the named child of <tsResponse>
};

// Parses the body and finds <tsResponse><`name`>. The document is heap-allocated: pugi nodes point into it.
Decoded<std::unique_ptr<Document>> parse(std::string_view body, std::string_view name) {
    auto out = std::make_unique<Document>();
    const pugi::xml_parse_result parsed =
        out->doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed) return fail(std::string("not valid XML (") + parsed.description() + ")");
    const pugi::xml_node root = out->doc.document_element();
    if (!root || local_name(root) != "tsResponse") return fail("XML root is not <tsResponse>");
    out->payload = child(root, name);
    if (!out->payload) return fail("no <" + std::string(name) + "> in the response");
    return out;
}

Decoded<std::string> attribute(const pugi::xml_node& node, const char* name, bool required) {
    const pugi::xml_attribute a = node.attribute(name);
    if (!a) {
        if (required) return fail("<" + std::string(local_name(node)) + "> has no '" + name + "'");
        return std::string();
    }
    return std::string(a.value());
}

Decoded<long long> integer(std::string_view s, const std::string& what) {
    long long n = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) return fail(what + " is not an integer");
    return n;
}

Decoded<model::LiveWebhook> decode_one(const pugi::xml_node& w) {
    model::LiveWebhook out;
    auto id = attribute(w, "id", true);
    if (!id) return fail(id.error());
    if (id->empty()) return fail("a webhook has an empty 'id'");
    out.id = std::move(*id);
    auto name = attribute(w, "name", true);
    if (!name) return fail(name.error());
    out.name = std::move(*name);

    // Prefer the event attribute; else the one element inside <webhook-source>.
    std::string event = w.attribute("event").value();
    if (event.empty()) {
        if (const pugi::xml_node source = child(w, "webhook-source")) {
            const pugi::xml_node element =
                source.find_child([](const pugi::xml_node& n) { return n.type() == pugi::node_element; });
            if (element) event = std::string(local_name(element));
        }
    }
    if (event.empty()) return fail("a webhook has no event");
    out.event = model::normalize_event(event);

    const pugi::xml_node http = child(child(w, "webhook-destination"), "webhook-destination-http");
    if (!http) return fail("a webhook has no <webhook-destination-http>");
    auto url = attribute(http, "url", true);
    if (!url) return fail(url.error());
    out.url = std::move(*url);

    if (const pugi::xml_attribute enabled = w.attribute("isEnabled")) {
        const std::string_view v = enabled.value();
        if (v == "true" || v == "1")
            out.enabled = true;
        else if (v == "false" || v == "0")
            out.enabled = false;
        else
            return fail("a webhook's 'isEnabled' is not a boolean");
    }
    out.status_change_reason = w.attribute("statusChangeReason").value();
    if (const pugi::xml_node owner = child(w, "owner")) {
        out.owner_id = owner.attribute("id").value();
        out.owner_name = owner.attribute("name").value();
    }
    out.created_at = w.attribute("createdAt").value();
    return out;
}

} // namespace

Decoded<ServerInfo> server_info(std::string_view body) {
    auto doc = parse(body, "serverInfo");
    if (!doc) return fail(doc.error());
    ServerInfo out;
    out.rest_api_version = child((*doc)->payload, "restApiVersion").text().get();
    if (out.rest_api_version.empty()) return fail("<serverInfo> has no <restApiVersion>");
    out.product_version = child((*doc)->payload, "productVersion").text().get();
    return out;
}

Decoded<Credentials> credentials(std::string_view body) {
    auto doc = parse(body, "credentials");
    if (!doc) return fail(doc.error());
    const pugi::xml_node c = (*doc)->payload;
    Credentials out;
    out.token = c.attribute("token").value();
    out.site_id = child(c, "site").attribute("id").value();
    out.user_id = child(c, "user").attribute("id").value();
    if (out.token.empty()) return fail("credentials have no 'token'");
    if (out.site_id.empty()) return fail("credentials have no site id");
    if (out.user_id.empty()) return fail("credentials have no user id");
    return out;
}

Decoded<model::LiveWebhook> webhook(std::string_view body) {
    auto doc = parse(body, "webhook");
    if (!doc) return fail(doc.error());
    return decode_one((*doc)->payload);
}

Decoded<WebhookPage> webhook_page(std::string_view body) {
    auto doc = parse(body, "webhooks");
    if (!doc) return fail(doc.error());
    WebhookPage page;
    for (pugi::xml_node c = (*doc)->payload.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element || local_name(c) != "webhook") continue;
        auto one = decode_one(c);
        if (!one) return fail(one.error());
        page.webhooks.push_back(std::move(*one));
    }
    if (const pugi::xml_node p = child((*doc)->payload.parent(), "pagination")) {
        Pagination pagination;
        const std::pair<const char*, long long*> fields[] = {{"pageNumber", &pagination.page_number},
                                                             {"pageSize", &pagination.page_size},
                                                             {"totalAvailable", &pagination.total_available}};
        for (const auto& [key, target] : fields) {
            auto n = integer(p.attribute(key).value(), std::string("pagination '") + key + "'");
            if (!n) return fail(n.error());
            *target = *n;
        }
        page.pagination = pagination;
    }
    return page;
}

Decoded<TestResult> test_result(std::string_view body) {
    auto doc = parse(body, "webhookTestResult");
    if (!doc) return fail(doc.error());
    const pugi::xml_node r = (*doc)->payload;
    TestResult out;
    auto status = integer(r.attribute("status").value(), "<webhookTestResult> 'status'");
    if (!status) return fail(status.error());
    if (*status < 0 || *status > 999) return fail("<webhookTestResult> 'status' is out of range");
    out.status = static_cast<int>(*status);
    out.body = child(r, "body").text().get();
    return out;
}

Decoded<ErrorBody> error(std::string_view body) {
    auto doc = parse(body, "error");
    if (!doc) return fail(doc.error());
    const pugi::xml_node e = (*doc)->payload;
    ErrorBody out;
    out.code = e.attribute("code").value();
    out.summary = child(e, "summary").text().get();
    out.detail = child(e, "detail").text().get();
    return out;
}

} // namespace tabhook::tableau::codec::xml_format
