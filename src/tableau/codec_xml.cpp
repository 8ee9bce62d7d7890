// XML responses, Tableau's default format: <tsResponse xmlns="http://tableau.com/api"> around one
// element. pugixml expands no external entities and builds the tree without recursion, but it allocates
// a node for every element (64 bytes for `<a>`, three bytes of input): a pre-scan bounds depth, elements
// and attributes before pugixml sees the body. Every string read from the tree is made valid UTF-8:
// pugixml passes raw bytes through and decodes &#xD800; to a CESU-8 surrogate.
#include <charconv>
#include <cstring>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "model/events.hpp"
#include "tableau/codec_formats.hpp"
#include "util/strings.hpp"

namespace tabhook::tableau::codec::xml_format {

namespace {

tl::unexpected<std::string> fail(std::string why) { return tl::unexpected(std::move(why)); }

// Text from the tree, made valid UTF-8 (README: one rule for every string decoded from a server).
std::string text(const char* value) { return util::sanitize_utf8(value); }

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

// Bounds on a response's shape, checked before pugixml allocates anything. Tableau's deepest response nests
// 5 levels (tsResponse/webhooks/webhook/webhook-destination/webhook-destination-http). A webhook is at most
// 6 elements (webhook, webhook-source and its event, webhook-destination, -http, owner) and 11 attributes,
// so 100,000 webhooks in one list are 600,000 elements and 1,100,000 attributes. With pugixml's 64-byte
// nodes (a text node at most per element) and 40-byte attributes, the limits below hold a parse under
// about 210 MB whatever the body.
constexpr std::size_t kMaxDepth = 64;
constexpr std::size_t kMaxElements = 1'000'000;
constexpr std::size_t kMaxAttributes = 2'000'000;

// One pass over the bytes, no allocation: counts start tags and the attributes in them ('=' outside
// quotes) and tracks nesting. Comments, CDATA, processing instructions and declarations are skipped to
// their earliest possible end, so the counts are never below what pugixml would build.
Decoded<void> check_shape(std::string_view body) {
    std::size_t depth = 0, elements = 0, attributes = 0;
    const auto skip_to = [&](std::size_t from, std::string_view end) {
        const std::size_t at = body.find(end, from);
        return at == std::string_view::npos ? body.size() : at + end.size();
    };
    for (std::size_t i = body.find('<'); i < body.size(); i = body.find('<', i)) {
        const std::string_view rest = body.substr(i);
        if (rest.starts_with("<!--")) {
            i = skip_to(i + 4, "-->");
        } else if (rest.starts_with("<![CDATA[")) {
            i = skip_to(i + 9, "]]>");
        } else if (rest.starts_with("<?")) {
            i = skip_to(i + 2, "?>");
        } else if (rest.starts_with("<!")) {
            i = skip_to(i + 2, ">");
        } else if (rest.starts_with("</")) {
            if (depth > 0) --depth;
            i = skip_to(i + 2, ">");
        } else {
            if (++elements > kMaxElements)
                return fail(
                    fmt::format("XML has more than {} elements; no Tableau response has that many", kMaxElements));
            char quote = 0;
            char last = 0;
            for (++i; i < body.size(); ++i) {
                const char c = body[i];
                if (quote != 0) {
                    if (c == quote) quote = 0;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '=') {
                    if (++attributes > kMaxAttributes)
                        return fail(fmt::format("XML has more than {} attributes; no Tableau response has that many",
                                                kMaxAttributes));
                } else if (c == '>') {
                    break;
                }
                if (c != ' ' && c != '\t' && c != '\r' && c != '\n') last = c;
            }
            if (last != '/' && ++depth > kMaxDepth)
                return fail(fmt::format("XML nested more than {} levels deep; Tableau's responses nest 5", kMaxDepth));
        }
    }
    return {};
}

struct Document {
    pugi::xml_document doc;
    pugi::xml_node payload; // the named child of <tsResponse>
};

// Parses the body and finds <tsResponse><`name`>. The document is heap-allocated: pugi nodes point into it.
Decoded<std::unique_ptr<Document>> parse(std::string_view body, std::string_view name) {
    if (auto shape = check_shape(body); !shape) return fail(shape.error());
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
    return text(a.value());
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
    std::string event = text(w.attribute("event").value());
    if (event.empty()) {
        if (const pugi::xml_node source = child(w, "webhook-source")) {
            const pugi::xml_node element =
                source.find_child([](const pugi::xml_node& n) { return n.type() == pugi::node_element; });
            if (element) event = util::sanitize_utf8(local_name(element));
        }
    }
    if (event.empty()) return fail("a webhook has no event");
    out.event = model::Event(event);

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
    out.status_change_reason = text(w.attribute("statusChangeReason").value());
    if (const pugi::xml_node owner = child(w, "owner")) {
        out.owner_id = text(owner.attribute("id").value());
        out.owner_name = text(owner.attribute("name").value());
    }
    out.created_at = text(w.attribute("createdAt").value());
    return out;
}

} // namespace

Decoded<ServerInfo> server_info(std::string_view body) {
    auto doc = parse(body, "serverInfo");
    if (!doc) return fail(doc.error());
    ServerInfo out;
    out.rest_api_version = text(child((*doc)->payload, "restApiVersion").text().get());
    if (out.rest_api_version.empty()) return fail("<serverInfo> has no <restApiVersion>");
    out.product_version = text(child((*doc)->payload, "productVersion").text().get());
    return out;
}

Decoded<Credentials> credentials(std::string_view body) {
    auto doc = parse(body, "credentials");
    if (!doc) return fail(doc.error());
    const pugi::xml_node c = (*doc)->payload;
    Credentials out;
    out.token = text(c.attribute("token").value());
    out.site_id = text(child(c, "site").attribute("id").value());
    out.user_id = text(child(c, "user").attribute("id").value());
    if (out.token.empty()) return fail("credentials have no 'token'");
    if (out.site_id.empty()) return fail("credentials have no site id");
    if (out.user_id.empty()) return fail("credentials have no user id");
    return out;
}

Decoded<SiteUser> user(std::string_view body) {
    auto doc = parse(body, "user");
    if (!doc) return fail(doc.error());
    const pugi::xml_node u = (*doc)->payload;
    SiteUser out;
    out.id = text(u.attribute("id").value());
    out.name = text(u.attribute("name").value());
    out.site_role = text(u.attribute("siteRole").value());
    if (out.site_role.empty()) return fail("<user> has no siteRole");
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
    // `status` is optional in Tableau's schema (only `body` is required): absent, Tableau reported none.
    if (const pugi::xml_attribute a = r.attribute("status")) {
        auto status = integer(a.value(), "<webhookTestResult> 'status'");
        if (!status) return fail(status.error());
        if (*status < 0 || *status > 999) return fail("<webhookTestResult> 'status' is out of range");
        out.status = static_cast<int>(*status);
    }
    out.body = text(child(r, "body").text().get());
    return out;
}

Decoded<ErrorBody> error(std::string_view body) {
    auto doc = parse(body, "error");
    if (!doc) return fail(doc.error());
    const pugi::xml_node e = (*doc)->payload;
    ErrorBody out;
    out.code = text(e.attribute("code").value());
    out.summary = text(child(e, "summary").text().get());
    out.detail = text(child(e, "detail").text().get());
    return out;
}

const FormatDecoders decoders{&server_info, &credentials, &webhook, &webhook_page, &test_result, &error, &user};

} // namespace tabhook::tableau::codec::xml_format
