#include "tableau/codec.hpp"

#include <nlohmann/json.hpp>

#include "model/events.hpp"
#include "tableau/codec_formats.hpp"

namespace tabhook::tableau::codec {

namespace {

using nlohmann::json;

enum class Format { json_text, xml_text, unknown };

Format sniff(std::string_view body) {
    if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
    for (char c : body) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        if (c == '{' || c == '[') return Format::json_text;
        if (c == '<') return Format::xml_text;
        return Format::unknown;
    }
    return Format::unknown;
}

// Decodes with one of FormatDecoders' members, from the format the body is in.
template <typename T>
Decoded<T> dispatch(std::string_view body, Decoded<T> (*FormatDecoders::*decoder)(std::string_view)) {
    switch (sniff(body)) {
    case Format::json_text: return (json_format::decoders.*decoder)(body);
    case Format::xml_text: return (xml_format::decoders.*decoder)(body);
    case Format::unknown: break;
    }
    return tl::unexpected(std::string(body.empty() ? "empty body" : "body is neither JSON nor XML"));
}

Decoded<std::string> dump(const json& value, const char* what) {
    try {
        return value.dump();
    } catch (const json::exception&) {
        return tl::unexpected(std::string(what) + " is not valid UTF-8");
    }
}

} // namespace

Decoded<std::string> encode_signin(const model::Auth& auth, std::string_view content_url) {
    json credentials = json::object();
    if (auth.kind == model::Auth::Kind::personal_access_token) {
        credentials["personalAccessTokenName"] = auth.name;
        credentials["personalAccessTokenSecret"] = auth.secret;
    } else {
        credentials["name"] = auth.name;
        credentials["password"] = auth.secret;
    }
    credentials["site"] = {{"contentUrl", std::string(content_url)}};
    return dump(json{{"credentials", std::move(credentials)}}, "a credential or the site's contentUrl");
}

Decoded<std::string> encode_switch_site(std::string_view content_url) {
    return dump(json{{"site", {{"contentUrl", std::string(content_url)}}}}, "the site's contentUrl");
}

Decoded<std::string> encode_webhook(const WebhookSpec& spec, EventForm form, bool include_enabled) {
    json webhook = json::object();
    webhook["name"] = spec.name;
    if (form == EventForm::attribute) {
        webhook["event"] = spec.event;
    } else {
        const model::EventInfo* info = model::find_event(spec.event);
        std::string element;
        if (info != nullptr)
            element = std::string(info->element);
        else if (spec.event.starts_with("webhook-"))
            element = spec.event; // already an element name tabhook does not know: pass it through
        else
            return tl::unexpected("event '" + spec.event +
                                  "' has no webhook-source element form, which this API version needs");
        webhook["webhook-source"] = {{element, json::object()}};
    }
    // JSON boolean: responses carry isEnabled as a boolean (tableau-api.md §1.2); Tableau's JSON binding
    // is expected to accept it on requests as well (UNCONFIRMED; Postman samples send a templated string).
    if (include_enabled) webhook["isEnabled"] = spec.enabled;
    webhook["webhook-destination"] = {{"webhook-destination-http", {{"method", "POST"}, {"url", spec.url}}}};
    return dump(json{{"webhook", std::move(webhook)}}, "the webhook's name, event or url");
}

Decoded<ServerInfo> decode_server_info(std::string_view body) { return dispatch(body, &FormatDecoders::server_info); }
Decoded<Credentials> decode_credentials(std::string_view body) { return dispatch(body, &FormatDecoders::credentials); }
Decoded<model::LiveWebhook> decode_webhook(std::string_view body) { return dispatch(body, &FormatDecoders::webhook); }
Decoded<WebhookPage> decode_webhook_page(std::string_view body) {
    return dispatch(body, &FormatDecoders::webhook_page);
}
Decoded<TestResult> decode_test_result(std::string_view body) { return dispatch(body, &FormatDecoders::test_result); }
Decoded<ErrorBody> decode_error(std::string_view body) { return dispatch(body, &FormatDecoders::error); }
Decoded<SiteUser> decode_user(std::string_view body) { return dispatch(body, &FormatDecoders::user); }

} // namespace tabhook::tableau::codec
