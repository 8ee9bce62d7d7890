// JSON responses. Tableau's JSON mirrors its XML: elements become keys, attributes become string or
// number/boolean values, an empty element becomes {}. Values whose JSON type varies between servers
// (isEnabled, pagination numbers, error code, test status) are accepted in both forms.
// nlohmann refuses any string that is not valid UTF-8, so one such name would make a whole list
// unreadable: the body is repaired first (README: every decoded string is valid UTF-8, U+FFFD in place of
// what was not).
#include <array>
#include <charconv>
#include <functional>
#include <optional>
#include <type_traits>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "model/events.hpp"
#include "tableau/codec_formats.hpp"
#include "util/strings.hpp"

namespace tabhook::tableau::codec::json_format {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxDepth = 64; // Tableau's deepest response nests 5 levels; deeper input is hostile
// A webhook is at most 17 JSON values (its object, 9 members, webhook-destination with -http and its 2,
// owner with its 2, webhook-source with its event): 100,000 webhooks are 1,700,000. nlohmann spends 16
// bytes a value plus a map node a member, so this keeps a parse of any body within a few hundred MB.
constexpr std::size_t kMaxValues = 3'000'000;

tl::unexpected<std::string> fail(std::string why) { return tl::unexpected(std::move(why)); }

// nlohmann parses and destroys recursively and allocates per value: bound the nesting and the number of
// values before handing it the body. Values are counted from above: one per ':' (an object member), per
// '[' (an array's first element) and per ',' inside an array, plus the root.
Decoded<void> check_shape(std::string_view body) {
    std::array<char, kMaxDepth + 1> open{}; // the container at each depth: '{' or '['
    std::size_t depth = 0;
    std::size_t values = 1;
    bool in_string = false;
    bool escaped = false;
    for (char c : body) {
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > kMaxDepth) return fail(fmt::format("JSON nested more than {} levels deep", kMaxDepth));
            open[depth] = c;
            if (c == '[') ++values;
        } else if (c == '}' || c == ']') {
            if (depth > 0) --depth;
        } else if (c == ':' || (c == ',' && depth > 0 && open[depth] == '[')) {
            ++values;
        }
        if (values > kMaxValues)
            return fail(fmt::format("JSON has more than {} values; no Tableau response has that many", kMaxValues));
    }
    return {};
}

bool hex_value(std::string_view s, unsigned& out) {
    if (s.size() != 4) return false;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + 4, out, 16);
    return ec == std::errc() && ptr == s.data() + 4;
}

// The body with every ill-formed UTF-8 sequence replaced by U+FFFD and every \u escape of a lone
// surrogate (which nlohmann refuses, and which no UTF-8 string can hold) by \uFFFD.
std::string repair_text(std::string_view body) {
    std::string text = util::sanitize_utf8(body);
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (!in_string) {
            in_string = c == '"';
            continue;
        }
        if (c == '"') {
            in_string = false;
        } else if (c == '\\') {
            unsigned unit = 0;
            if (i + 5 < text.size() && text[i + 1] == 'u' && hex_value(std::string_view(text).substr(i + 2, 4), unit) &&
                unit >= 0xD800 && unit <= 0xDFFF) {
                unsigned low = 0;
                const bool paired = unit <= 0xDBFF && i + 11 < text.size() && text[i + 6] == '\\' &&
                                    text[i + 7] == 'u' && hex_value(std::string_view(text).substr(i + 8, 4), low) &&
                                    low >= 0xDC00 && low <= 0xDFFF;
                if (paired) {
                    i += 11;
                    continue;
                }
                text.replace(i, 6, "\\uFFFD");
            }
            ++i; // the escaped character (or the 'u' of an escape) is not a quote
        }
    }
    return text;
}

// False only when repair_text would return the body unchanged: valid UTF-8 and no \u escape of a surrogate
// (paired or not, in a string or not: those few bodies take the slower path). Most bodies are then parsed
// where they lie, without a copy.
bool may_need_repair(std::string_view body) {
    if (!util::is_valid_utf8(body)) return true;
    for (auto i = body.find("\\u"); i != std::string_view::npos; i = body.find("\\u", i + 2))
        if (i + 3 < body.size() && (body[i + 2] == 'd' || body[i + 2] == 'D') &&
            std::string_view("89abcdefABCDEF").find(body[i + 3]) != std::string_view::npos)
            return true;
    return false;
}

// Builds the document as nlohmann's own DOM parser does (a repeated key keeps its last value), except
// that each element of the top-level `streamed_root`.`streamed_list` array is handed to `on_element` as
// soon as it is complete and not kept: a list of 10,000 webhooks never exists as one DOM, only one
// webhook at a time does.
class StreamingBuilder {
  public:
    StreamingBuilder(json& root, const char* streamed_root, const char* streamed_list,
                     std::function<void(json&&)> on_element, std::function<void()> on_list_start)
        : root_(root), streamed_root_(streamed_root), streamed_list_(streamed_list), on_element_(std::move(on_element)),
          on_list_start_(std::move(on_list_start)) {}

    bool null() { return scalar(nullptr); }
    bool boolean(bool v) { return scalar(v); }
    bool number_integer(json::number_integer_t v) { return scalar(v); }
    bool number_unsigned(json::number_unsigned_t v) { return scalar(v); }
    bool number_float(json::number_float_t v, const std::string&) { return scalar(v); }
    bool string(std::string& v) { return scalar(std::move(v)); }
    bool binary(json::binary_t& v) { return scalar(json::binary(std::move(v))); }
    bool start_object(std::size_t) {
        stack_.push_back(place(json::value_t::object));
        return true;
    }
    bool key(std::string& k) {
        if (stack_.size() == 1) root_key_ = k;
        if (stack_.size() == 2) list_key_ = k;
        element_ = &(*stack_.back())[std::move(k)];
        return true;
    }
    bool end_object() { return close(); }
    bool start_array(std::size_t) {
        const bool streamed = stack_.size() == 2 && root_key_ == streamed_root_ && list_key_ == streamed_list_;
        stack_.push_back(place(json::value_t::array));
        if (streamed) {
            streaming_ = stack_.back();
            on_list_start_();
        }
        return true;
    }
    bool end_array() {
        if (stack_.back() == streaming_) streaming_ = nullptr;
        return close();
    }
    template <class Exception> bool parse_error(std::size_t, const std::string&, const Exception&) { return false; }

  private:
    // Where a new value goes: the root, the member just keyed, the end of an array, or the one element
    // being streamed.
    json* place(json value) {
        if (stack_.empty()) {
            root_ = std::move(value);
            return &root_;
        }
        if (stack_.back() == streaming_) {
            element_value_ = std::move(value);
            return &element_value_;
        }
        if (stack_.back()->is_array()) {
            stack_.back()->push_back(std::move(value));
            return &stack_.back()->back();
        }
        *element_ = std::move(value);
        return element_;
    }
    bool scalar(json value) {
        place(std::move(value));
        if (!stack_.empty() && stack_.back() == streaming_) on_element_(std::move(element_value_));
        return true;
    }
    bool close() {
        stack_.pop_back();
        if (!stack_.empty() && stack_.back() == streaming_) on_element_(std::move(element_value_));
        return true;
    }

    json& root_;
    const char* streamed_root_;
    const char* streamed_list_;
    std::function<void(json&&)> on_element_;
    std::function<void()> on_list_start_;
    std::vector<json*> stack_;
    json* element_ = nullptr;
    json* streaming_ = nullptr;
    json element_value_;
    std::string root_key_, list_key_;
};

// The body parsed under the limits and the UTF-8 rule, as {"value": the root key's object, "pagination": its
// sibling if any}. With a builder, the builder's streamed list is left empty in the result.
template <class Sax = void>
Decoded<json> parse_object(std::string_view body, const char* root_key, Sax* builder = nullptr, json* built = nullptr) {
    if (auto shape = check_shape(body); !shape) return fail(shape.error());
    std::string repaired;
    std::string_view text = body;
    if (may_need_repair(body)) {
        repaired = repair_text(body);
        text = repaired;
    }
    json doc;
    try {
        if constexpr (std::is_void_v<Sax>) {
            doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
        } else {
            if (!json::sax_parse(text.begin(), text.end(), builder))
                doc = json::value_t::discarded;
            else
                doc = std::move(*built);
        }
    } catch (const json::exception&) {
        return fail("not valid JSON");
    }
    if (doc.is_discarded()) return fail("not valid JSON (truncated or malformed)");
    if (!doc.is_object()) return fail("JSON root is not an object");
    const auto it = doc.find(root_key);
    if (it == doc.end()) return fail(std::string("no '") + root_key + "' in the response");
    if (!it->is_object()) return fail(std::string("'") + root_key + "' is not an object");
    json inner = std::move(*it);
    // The list decoder needs pagination, a sibling of the root key: keep it alongside.
    if (const auto p = doc.find("pagination"); p != doc.end())
        return json{{"value", std::move(inner)}, {"pagination", std::move(*p)}};
    return json{{"value", std::move(inner)}};
}

// A member that is present and not null (const or not, as the object is).
template <class Json> Json* member(Json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return nullptr;
    return &*it;
}

// A string member, moved out of the document: each is read once, and the document is dropped after.
Decoded<std::string> string_field(json& object, const char* key, bool required, const char* what) {
    json* value = member(object, key);
    if (value == nullptr) {
        if (required) return fail(std::string(what) + " has no '" + key + "'");
        return std::string();
    }
    if (!value->is_string()) return fail(std::string(what) + " '" + key + "' is not a string");
    return std::move(value->get_ref<std::string&>());
}

Decoded<long long> integer_value(const json& value, const std::string& what) {
    if (value.is_number_integer()) return value.get<long long>();
    if (value.is_string()) {
        const auto& s = value.get_ref<const std::string&>();
        long long n = 0;
        const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
        if (!s.empty() && ec == std::errc() && ptr == s.data() + s.size()) return n;
    }
    return fail(what + " is not an integer");
}

Decoded<bool> boolean_value(const json& value, const std::string& what) {
    if (value.is_boolean()) return value.get<bool>();
    if (value.is_string()) {
        const auto& s = value.get_ref<const std::string&>();
        if (s == "true") return true;
        if (s == "false") return false;
    }
    return fail(what + " is not a boolean");
}

Decoded<model::LiveWebhook> decode_one(json& w) {
    if (!w.is_object()) return fail("a webhook is not an object");
    model::LiveWebhook out;
    auto id = string_field(w, "id", true, "a webhook");
    if (!id) return fail(id.error());
    if (id->empty()) return fail("a webhook has an empty 'id'");
    out.id = std::move(*id);
    auto name = string_field(w, "name", true, "a webhook");
    if (!name) return fail(name.error());
    out.name = std::move(*name);

    // Prefer the event attribute; servers that echo both forms agree on it.
    auto event = string_field(w, "event", false, "a webhook");
    if (!event) return fail(event.error());
    if (event->empty()) {
        if (const json* source = member(w, "webhook-source")) {
            if (!source->is_object() || source->size() != 1)
                return fail("a webhook's 'webhook-source' is not one event");
            *event = source->begin().key();
        }
    }
    if (event->empty()) return fail("a webhook has no event");
    out.event = model::Event(*event);

    json* destination = member(w, "webhook-destination");
    json* http =
        destination != nullptr && destination->is_object() ? member(*destination, "webhook-destination-http") : nullptr;
    if (http == nullptr || !http->is_object()) return fail("a webhook has no 'webhook-destination-http'");
    auto url = string_field(*http, "url", true, "a webhook destination");
    if (!url) return fail(url.error());
    out.url = std::move(*url);

    if (const json* enabled = member(w, "isEnabled")) {
        auto value = boolean_value(*enabled, "a webhook's 'isEnabled'");
        if (!value) return fail(value.error());
        out.enabled = *value;
    }
    auto reason = string_field(w, "statusChangeReason", false, "a webhook");
    if (!reason) return fail(reason.error());
    out.status_change_reason = std::move(*reason);
    if (json* owner = member(w, "owner")) {
        if (!owner->is_object()) return fail("a webhook's 'owner' is not an object");
        auto owner_id = string_field(*owner, "id", false, "a webhook owner");
        auto owner_name = string_field(*owner, "name", false, "a webhook owner");
        if (!owner_id) return fail(owner_id.error());
        if (!owner_name) return fail(owner_name.error());
        out.owner_id = std::move(*owner_id);
        out.owner_name = std::move(*owner_name);
    }
    auto created = string_field(w, "createdAt", false, "a webhook");
    if (!created) return fail(created.error());
    out.created_at = std::move(*created);
    return out;
}

} // namespace

Decoded<ServerInfo> server_info(std::string_view body) {
    auto doc = parse_object(body, "serverInfo");
    if (!doc) return fail(doc.error());
    const json& info = (*doc)["value"];
    ServerInfo out;
    // restApiVersion is a string; an element with attributes would come as {"value": ...}: take both.
    const json* version = member(info, "restApiVersion");
    if (version != nullptr && version->is_object()) version = member(*version, "value");
    if (version == nullptr || !version->is_string() || version->get_ref<const std::string&>().empty())
        return fail("serverInfo has no 'restApiVersion'");
    out.rest_api_version = version->get<std::string>();
    const json* product = member(info, "productVersion");
    if (product != nullptr && product->is_object()) product = member(*product, "value");
    if (product != nullptr && product->is_string()) out.product_version = product->get<std::string>();
    return out;
}

Decoded<Credentials> credentials(std::string_view body) {
    auto doc = parse_object(body, "credentials");
    if (!doc) return fail(doc.error());
    json& c = (*doc)["value"];
    if (!c.is_object()) return fail("'credentials' is not an object");
    Credentials out;
    auto token = string_field(c, "token", true, "credentials");
    if (!token) return fail(token.error());
    out.token = std::move(*token);
    json* site = member(c, "site");
    json* user = member(c, "user");
    if (site == nullptr || !site->is_object()) return fail("credentials have no 'site'");
    if (user == nullptr || !user->is_object()) return fail("credentials have no 'user'");
    auto site_id = string_field(*site, "id", true, "the signed-in site");
    auto user_id = string_field(*user, "id", true, "the signed-in user");
    if (!site_id) return fail(site_id.error());
    if (!user_id) return fail(user_id.error());
    out.site_id = std::move(*site_id);
    out.user_id = std::move(*user_id);
    if (out.token.empty() || out.site_id.empty() || out.user_id.empty())
        return fail("credentials have an empty token or id");
    return out;
}

Decoded<SiteUser> user(std::string_view body) {
    auto doc = parse_object(body, "user");
    if (!doc) return fail(doc.error());
    json& u = (*doc)["value"];
    if (!u.is_object()) return fail("'user' is not an object");
    SiteUser out;
    auto id = string_field(u, "id", true, "the user");
    auto role = string_field(u, "siteRole", true, "the user");
    if (!id) return fail(id.error());
    if (!role) return fail(role.error());
    out.id = std::move(*id);
    out.site_role = std::move(*role);
    if (auto name = string_field(u, "name", false, "the user")) out.name = std::move(*name);
    if (out.site_role.empty()) return fail("the user has an empty 'siteRole'");
    return out;
}

Decoded<model::LiveWebhook> webhook(std::string_view body) {
    auto doc = parse_object(body, "webhook");
    if (!doc) return fail(doc.error());
    return decode_one((*doc)["value"]);
}

Decoded<WebhookPage> webhook_page(std::string_view body) {
    // Each webhook of the list is decoded as soon as the parser has read it; the first one that does not
    // decode is the error, reported where the list is looked at (after the checks on the document).
    WebhookPage streamed;
    std::optional<std::string> streamed_error;
    json built;
    StreamingBuilder builder(
        built, "webhooks", "webhook",
        [&](json&& w) {
            if (streamed_error) return;
            auto one = decode_one(w);
            if (!one)
                streamed_error = one.error();
            else
                streamed.webhooks.push_back(std::move(*one));
        },
        [&] { // a repeated key: the last list is the one that counts
            streamed.webhooks.clear();
            streamed_error.reset();
        });
    auto doc = parse_object(body, "webhooks", &builder, &built);
    if (!doc) return fail(doc.error());
    json& list = (*doc)["value"];
    if (!list.is_object()) return fail("'webhooks' is not an object");
    WebhookPage page;
    // {"webhooks": {}} is how an empty list comes back (tableau-api.md §1.3, inferred); one webhook may
    // come as an object rather than a one-element array.
    if (const auto it = list.find("webhook"); it != list.end()) {
        if (it->is_array()) {
            if (streamed_error) return fail(*streamed_error);
            page.webhooks = std::move(streamed.webhooks);
        } else if (it->is_object()) {
            auto one = decode_one(*it);
            if (!one) return fail(one.error());
            page.webhooks.push_back(std::move(*one));
        } else {
            return fail("'webhooks.webhook' is neither a list nor an object");
        }
    }
    if (const auto p = doc->find("pagination"); p != doc->end()) {
        if (!p->is_object()) return fail("'pagination' is not an object");
        Pagination pagination;
        const std::pair<const char*, long long*> fields[] = {{"pageNumber", &pagination.page_number},
                                                             {"pageSize", &pagination.page_size},
                                                             {"totalAvailable", &pagination.total_available}};
        for (const auto& [key, target] : fields) {
            const json* value = member(*p, key);
            if (value == nullptr) return fail(std::string("'pagination' has no '") + key + "'");
            auto n = integer_value(*value, std::string("pagination '") + key + "'");
            if (!n) return fail(n.error());
            *target = *n;
        }
        page.pagination = pagination;
    }
    return page;
}

Decoded<TestResult> test_result(std::string_view body) {
    auto doc = parse_object(body, "webhookTestResult");
    if (!doc) return fail(doc.error());
    const json& r = (*doc)["value"];
    if (!r.is_object()) return fail("'webhookTestResult' is not an object");
    TestResult out;
    // `status` is optional in Tableau's schema (only `body` is required): absent, Tableau reported none.
    if (const json* status = member(r, "status")) {
        auto code = integer_value(*status, "'webhookTestResult' 'status'");
        if (!code) return fail(code.error());
        if (*code < 0 || *code > 999) return fail("'webhookTestResult' 'status' is out of range");
        out.status = static_cast<int>(*code);
    }
    // <body> is text; as JSON it is a string, or {} when empty, or {"value": "..."}.
    if (const json* b = member(r, "body")) {
        if (b->is_string())
            out.body = b->get<std::string>();
        else if (b->is_object()) {
            const json* value = member(*b, "value");
            if (value != nullptr && value->is_string())
                out.body = value->get<std::string>();
            else if (!b->empty())
                return fail("'webhookTestResult' 'body' is not text");
        } else
            return fail("'webhookTestResult' 'body' is not text");
    }
    return out;
}

Decoded<ErrorBody> error(std::string_view body) {
    auto doc = parse_object(body, "error");
    if (!doc) return fail(doc.error());
    json& e = (*doc)["value"];
    if (!e.is_object()) return fail("'error' is not an object");
    ErrorBody out;
    // The code is a string in Tableau's JSON ("401002"); a number is accepted too.
    if (const json* code = member(e, "code")) {
        if (code->is_string())
            out.code = code->get<std::string>();
        else if (code->is_number_integer())
            out.code = std::to_string(code->get<long long>());
        else
            return fail("error 'code' is neither a string nor a number");
    }
    auto summary = string_field(e, "summary", false, "the error");
    auto detail = string_field(e, "detail", false, "the error");
    if (!summary) return fail(summary.error());
    if (!detail) return fail(detail.error());
    out.summary = std::move(*summary);
    out.detail = std::move(*detail);
    return out;
}

const FormatDecoders decoders{&server_info, &credentials, &webhook, &webhook_page, &test_result, &error, &user};

} // namespace tabhook::tableau::codec::json_format
