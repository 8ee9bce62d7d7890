#pragma once
// Tableau's XML wire format: responses in the http://tableau.com/api namespace, un-namespaced
// <tsRequest> bodies. Element and attribute names follow the fixtures in tests/fixtures/tableau-xml.
#include "api_error.hpp"
#include "wire.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace fake::xml {

std::string error(const ApiError& e, const std::string& api_version);
std::string webhook(const WebhookView& w, const std::string& api_version);
std::string webhooks(const std::vector<WebhookView>& list, const std::string& api_version);
std::string credentials(const CredentialsView& c, const std::string& api_version);
std::string user(const UserView& u, const std::string& api_version);
std::string server_info(const ServerInfoView& s, const std::string& api_version);
std::string test_result(const TestResultView& t, const std::string& api_version);

Outcome<SignInRequest> parse_signin(std::string_view body);
Outcome<WebhookRequest> parse_webhook(std::string_view body);
Outcome<SwitchSiteRequest> parse_switch_site(std::string_view body);

} // namespace fake::xml
