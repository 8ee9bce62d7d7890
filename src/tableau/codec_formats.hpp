#pragma once
// Internal to the codec: one decoder per wire format. codec.cpp picks one by looking at the body.
#include "tableau/codec.hpp"

namespace tabhook::tableau::codec::json_format {
Decoded<ServerInfo> server_info(std::string_view body);
Decoded<Credentials> credentials(std::string_view body);
Decoded<model::LiveWebhook> webhook(std::string_view body);
Decoded<WebhookPage> webhook_page(std::string_view body);
Decoded<TestResult> test_result(std::string_view body);
Decoded<ErrorBody> error(std::string_view body);
Decoded<SiteUser> user(std::string_view body);
} // namespace tabhook::tableau::codec::json_format

namespace tabhook::tableau::codec::xml_format {
Decoded<ServerInfo> server_info(std::string_view body);
Decoded<Credentials> credentials(std::string_view body);
Decoded<model::LiveWebhook> webhook(std::string_view body);
Decoded<WebhookPage> webhook_page(std::string_view body);
Decoded<TestResult> test_result(std::string_view body);
Decoded<ErrorBody> error(std::string_view body);
Decoded<SiteUser> user(std::string_view body);
} // namespace tabhook::tableau::codec::xml_format
