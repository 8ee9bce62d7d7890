#pragma once
// Internal to the codec: one set of decoders per wire format. codec.cpp picks one by looking at the body.
#include "tableau/codec.hpp"

namespace tabhook::tableau::codec {

struct FormatDecoders {
    Decoded<ServerInfo> (*server_info)(std::string_view body);
    Decoded<Credentials> (*credentials)(std::string_view body);
    Decoded<model::LiveWebhook> (*webhook)(std::string_view body);
    Decoded<WebhookPage> (*webhook_page)(std::string_view body);
    Decoded<TestResult> (*test_result)(std::string_view body);
    Decoded<ErrorBody> (*error)(std::string_view body);
    Decoded<SiteUser> (*user)(std::string_view body);
};

namespace json_format {
extern const FormatDecoders decoders; // codec_json.cpp
}
namespace xml_format {
extern const FormatDecoders decoders; // codec_xml.cpp
}

} // namespace tabhook::tableau::codec
