#pragma once
// Picks the wire format: responses follow the Accept header (JSON for application/json, XML
// otherwise, Tableau's default); request bodies follow their Content-Type, else their first byte.
#include "api_error.hpp"
#include "http_types.hpp"
#include "wire.hpp"

#include <string>
#include <vector>

namespace fake {

Format response_format(const std::string& accept);
Format request_format(const std::string& content_type, const std::string& body);

class Codec {
  public:
    Codec(Format format, std::string api_version) : format_(format), api_version_(std::move(api_version)) {}

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

  private:
    Format format_;
    std::string api_version_;
};

} // namespace fake
