#pragma once
// Picks the wire format: responses follow the Accept header (JSON for application/json, XML
// otherwise, Tableau's default); request bodies follow their Content-Type, else their first byte.
#include "api_error.hpp"
#include "http_types.hpp"
#include "profile.hpp"
#include "wire.hpp"

#include <string>
#include <vector>

namespace fake {

Format response_format(const std::string& accept);
Format request_format(const std::string& content_type, const std::string& body);

// The JSON spellings a server profile asks for (the json-* rows).
JsonStyle json_style(const ServerProfile& profile);

class Codec {
  public:
    Codec(Format format, std::string api_version, JsonStyle style = {})
        : format_(format), api_version_(std::move(api_version)), style_(style) {}

    Format format() const { return format_; }
    const char* content_type() const;

    HttpResponse error(const ApiError& e) const;
    std::string webhook(const WebhookView& w) const;
    std::string webhooks(const std::vector<WebhookView>& list) const;
    std::string credentials(const CredentialsView& c) const;
    std::string user(const UserView& u) const;
    std::string server_info(const ServerInfoView& s) const;
    std::string test_result(const TestResultView& t) const;

    static Outcome<SignInRequest> parse_signin(const HttpRequest& req);
    static Outcome<WebhookRequest> parse_webhook(const HttpRequest& req);
    static Outcome<SwitchSiteRequest> parse_switch_site(const HttpRequest& req);

  private:
    Format format_;
    std::string api_version_;
    JsonStyle style_;
};

} // namespace fake
