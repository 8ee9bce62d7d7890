#include "codec.hpp"

#include "json_codec.hpp"
#include "support.hpp"
#include "xml_codec.hpp"

namespace fake {

Format response_format(const std::string& accept) {
    return to_lower(accept).find("application/json") != std::string::npos ? Format::json : Format::xml;
}

Format request_format(const std::string& content_type, const std::string& body) {
    const std::string ct = to_lower(content_type);
    if (ct.find("json") != std::string::npos) return Format::json;
    if (ct.find("xml") != std::string::npos) return Format::xml;
    for (const char c : body) {
        if (c == '{' || c == '[') return Format::json;
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') break;
    }
    return Format::xml;
}

JsonStyle json_style(const ServerProfile& profile) {
    return {profile.json_enabled == JsonEnabled::string, profile.json_error_code == JsonErrorCode::number,
            profile.json_single_item == JsonSingleItem::object};
}

const char* Codec::content_type() const {
    return format_ == Format::json ? "application/json;charset=UTF-8" : "application/xml;charset=UTF-8";
}

HttpResponse Codec::error(const ApiError& e) const {
    return {
        e.status, content_type(), format_ == Format::json ? json::error(e, style_) : xml::error(e, api_version_), {}};
}

std::string Codec::webhook(const WebhookView& w) const {
    return format_ == Format::json ? json::webhook(w, style_) : xml::webhook(w, api_version_);
}
std::string Codec::webhooks(const std::vector<WebhookView>& list) const {
    return format_ == Format::json ? json::webhooks(list, style_) : xml::webhooks(list, api_version_);
}
std::string Codec::credentials(const CredentialsView& c) const {
    return format_ == Format::json ? json::credentials(c) : xml::credentials(c, api_version_);
}
std::string Codec::user(const UserView& u) const {
    return format_ == Format::json ? json::user(u) : xml::user(u, api_version_);
}
std::string Codec::server_info(const ServerInfoView& s) const {
    return format_ == Format::json ? json::server_info(s) : xml::server_info(s, api_version_);
}
std::string Codec::test_result(const TestResultView& t) const {
    return format_ == Format::json ? json::test_result(t) : xml::test_result(t, api_version_);
}

Outcome<SignInRequest> Codec::parse_signin(const HttpRequest& req) {
    if (req.body.empty()) return bad_request("The request body is empty.");
    return request_format(req.content_type, req.body) == Format::json ? json::parse_signin(req.body)
                                                                      : xml::parse_signin(req.body);
}

Outcome<WebhookRequest> Codec::parse_webhook(const HttpRequest& req) {
    if (req.body.empty()) return bad_request("The request body is empty.");
    return request_format(req.content_type, req.body) == Format::json ? json::parse_webhook(req.body)
                                                                      : xml::parse_webhook(req.body);
}

Outcome<SwitchSiteRequest> Codec::parse_switch_site(const HttpRequest& req) {
    if (req.body.empty()) return bad_request("The request body is empty.");
    return request_format(req.content_type, req.body) == Format::json ? json::parse_switch_site(req.body)
                                                                      : xml::parse_switch_site(req.body);
}

} // namespace fake
