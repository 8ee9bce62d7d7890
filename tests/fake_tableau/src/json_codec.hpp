#pragma once
// Tableau's JSON wire format (Accept: application/json): the XML element names become keys, empty
// elements become {}, and an error's code is a string (tableau-api.md §1.2–1.5).
#include "api_error.hpp"
#include "wire.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace fake::json {

std::string error(const ApiError& e, const JsonStyle& style = {});
std::string webhook(const WebhookView& w, const JsonStyle& style = {});
std::string webhooks(const std::vector<WebhookView>& list, const JsonStyle& style = {});
std::string credentials(const CredentialsView& c);
std::string user(const UserView& u);
std::string server_info(const ServerInfoView& s);
std::string test_result(const TestResultView& t);

Outcome<SignInRequest> parse_signin(std::string_view body);
Outcome<WebhookRequest> parse_webhook(std::string_view body);
Outcome<SwitchSiteRequest> parse_switch_site(std::string_view body);

} // namespace fake::json
