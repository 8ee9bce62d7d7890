#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "tableau/codec.hpp"

using namespace tabhook::tableau;
using nlohmann::json;

namespace {

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(TABHOOK_FIXTURES_DIR) + "/tableau-xml/" + name, std::ios::binary);
    REQUIRE(in.good());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

} // namespace

TEST_CASE("codec: decodes the sign-in fixtures", "[tableau]") {
    const auto c = codec::decode_credentials(fixture("auth_sign_in.xml"));
    REQUIRE(c.has_value());
    CHECK(c->token == "eIX6mvFsqyansa4KqEI1UwOpS8ggRs2l");
    CHECK(c->site_id == "6b7179ba-b82b-4f0f-91ed-812074ac5da6");
    CHECK(c->user_id == "1a96d216-e9b8-497b-a82a-0b899a965e01");
    const auto i = codec::decode_credentials(fixture("auth_sign_in_impersonate.xml"));
    REQUIRE(i.has_value());
    CHECK(i->site_id == "dad65087-b08b-4603-af4e-2887b8aafc67");
    CHECK(i->user_id == "dd2239f6-ddf1-4107-981a-4cf94e415794");
}

TEST_CASE("codec: decodes the error fixtures", "[tableau]") {
    const auto e = codec::decode_error(fixture("auth_sign_in_error.xml"));
    REQUIRE(e.has_value());
    CHECK(e->code == "401001");
    CHECK(e->summary == "Signin Error");
    CHECK(e->detail == "Error signing in to Tableau Server");
    const auto imp = codec::decode_error(fixture("auth_sign_in_impersonate_error.xml"));
    REQUIRE(imp.has_value());
    CHECK(imp->detail == "Impersonation is not supported when using Personal Access Tokens.");
    const auto multi = codec::decode_error(fixture("auth_sign_in_multiple_credentials_error.xml"));
    REQUIRE(multi.has_value());
    CHECK(multi->code == "400000");
    CHECK(multi->summary == "Bad Request");
    const auto info404 = codec::decode_error(fixture("server_info_404.xml"));
    REQUIRE(info404.has_value());
    CHECK(info404->code == "404003");
    // An error body is not credentials.
    CHECK_FALSE(codec::decode_credentials(fixture("auth_sign_in_error.xml")).has_value());
}

TEST_CASE("codec: decodes the serverinfo fixtures", "[tableau]") {
    const auto v310 = codec::decode_server_info(fixture("server_info_get.xml"));
    REQUIRE(v310.has_value());
    CHECK(v310->rest_api_version == "3.10");
    CHECK(v310->product_version == "10.1.0");
    const auto v25 = codec::decode_server_info(fixture("server_info_25.xml"));
    REQUIRE(v25.has_value());
    CHECK(v25->rest_api_version == "2.5");
    CHECK_FALSE(codec::decode_server_info(fixture("server_info_404.xml")).has_value());
}

TEST_CASE("codec: decodes the webhook fixtures", "[tableau]") {
    const auto created = codec::decode_webhook(fixture("webhook_create.xml"));
    REQUIRE(created.has_value());
    CHECK(created->id == "webhook-id");
    CHECK(created->name == "webhook-name");
    CHECK(created->event == "webhook-source-api-event-name"); // unknown: carried through unchanged
    CHECK(created->url == "url");
    CHECK(created->enabled);
    CHECK(created->owner_id == "webhook_owner_luid");
    CHECK(created->owner_name == "webhook_owner_name");

    const auto updated = codec::decode_webhook(fixture("webhook_update.xml"));
    REQUIRE(updated.has_value());
    CHECK(updated->name == "webhook-name-updated");
    CHECK(updated->event == "DatasourceCreated");
    CHECK(updated->url == "https://updated-url.example.com/hook");
    CHECK(updated->enabled);
    CHECK(updated->status_change_reason.empty());

    const auto list = codec::decode_webhook_page(fixture("webhook_get.xml"));
    REQUIRE(list.has_value());
    REQUIRE(list->webhooks.size() == 1);
    CHECK(list->webhooks[0].event == "DatasourceCreated");
    CHECK_FALSE(list->pagination.has_value());

    const auto admin = codec::decode_webhook_page(fixture("webhook_get_new_event.xml"));
    REQUIRE(admin.has_value());
    REQUIRE(admin->webhooks.size() == 1);
    CHECK(admin->webhooks[0].id == "webhook-id-2");
    CHECK(admin->webhooks[0].event == "AdminPromoted");
    CHECK(admin->webhooks[0].url == "https://example.com/hook");
}

TEST_CASE("codec: decodes the JSON equivalents of the fixtures", "[tableau]") {
    const auto c = codec::decode_credentials(
        R"({"credentials":{"site":{"id":"6b71","contentUrl":"Samples"},"user":{"id":"1a96"},"token":"eIX6","estimatedTimeToExpiration":"173:21:12"}})");
    REQUIRE(c.has_value());
    CHECK(c->token == "eIX6");
    CHECK(c->site_id == "6b71");
    CHECK(c->user_id == "1a96");

    const auto e =
        codec::decode_error(R"({"error":{"summary":"Signin Error","detail":"Error signing in","code":"401001"}})");
    REQUIRE(e.has_value());
    CHECK(e->code == "401001");
    CHECK(codec::decode_error(R"({"error":{"code":404003}})")->code == "404003");

    const auto info = codec::decode_server_info(
        R"({"serverInfo":{"productVersion":{"value":"2022.1.5","build":"20221"},"restApiVersion":"3.15"}})");
    REQUIRE(info.has_value());
    CHECK(info->rest_api_version == "3.15");
    CHECK(info->product_version == "2022.1.5");

    // Tableau Online 3.12 as seen in webhooks-docs#33: both event forms, isEnabled a boolean.
    const auto w = codec::decode_webhook(R"({"webhook":{
        "webhook-source":{"webhook-source-event-workbook-deleted":{}},
        "webhook-destination":{"webhook-destination-http":{"method":"POST","url":"https://h.example.com/x"}},
        "owner":{"id":"o1","name":"alice"},"id":"w1","name":"n1","event":"WorkbookDeleted",
        "isEnabled":false,"statusChangeReason":"Webhook disabled by user","createdAt":"2024-01-02T03:04:05Z"}})");
    REQUIRE(w.has_value());
    CHECK(w->event == "WorkbookDeleted");
    CHECK_FALSE(w->enabled);
    CHECK(w->status_change_reason == "Webhook disabled by user");
    CHECK(w->owner_name == "alice");
    CHECK(w->created_at == "2024-01-02T03:04:05Z");

    const auto list = codec::decode_webhook_page(R"({"webhooks":{"webhook":[
        {"id":"a","name":"A","webhook-source":{"webhook-event-user-promoted-admin":{}},
         "webhook-destination":{"webhook-destination-http":{"method":"POST","url":"https://h/a"}},"isEnabled":"true"},
        {"id":"b","name":"B","event":"datasource-refresh-failed",
         "webhook-destination":{"webhook-destination-http":{"method":"POST","url":"https://h/b"}},"isEnabled":"false"}]}})");
    REQUIRE(list.has_value());
    REQUIRE(list->webhooks.size() == 2);
    CHECK(list->webhooks[0].event == "AdminPromoted");
    CHECK(list->webhooks[0].enabled);
    CHECK(list->webhooks[1].event == "DatasourceRefreshFailed");
    CHECK_FALSE(list->webhooks[1].enabled);

    const auto t =
        codec::decode_test_result(R"({"webhookTestResult":{"id":"w1","status":404,"body":"agent not found"}})");
    REQUIRE(t.has_value());
    CHECK(t->status == 404);
    CHECK(t->body == "agent not found");
    CHECK(codec::decode_test_result(R"({"webhookTestResult":{"id":"w1","status":"200","body":{}}})")->status == 200);
    const auto tx = codec::decode_test_result(
        R"(<tsResponse xmlns="http://tableau.com/api"><webhookTestResult id="w" status="200"><body>ok</body></webhookTestResult></tsResponse>)");
    REQUIRE(tx.has_value());
    CHECK(tx->status == 200);
    CHECK(tx->body == "ok");
}

TEST_CASE("codec: an empty list and a single webhook object", "[tableau]") {
    const auto empty = codec::decode_webhook_page(R"({"webhooks":{}})");
    REQUIRE(empty.has_value());
    CHECK(empty->webhooks.empty());
    const auto empty_xml = codec::decode_webhook_page(R"(<tsResponse><webhooks/></tsResponse>)");
    REQUIRE(empty_xml.has_value());
    CHECK(empty_xml->webhooks.empty());
    const auto one = codec::decode_webhook_page(
        R"({"webhooks":{"webhook":{"id":"a","name":"A","event":"WorkbookCreated","webhook-destination":{"webhook-destination-http":{"url":"https://h/a"}}}}})");
    REQUIRE(one.has_value());
    REQUIRE(one->webhooks.size() == 1);
    CHECK(one->webhooks[0].event == "WorkbookCreated");
}

TEST_CASE("codec: pagination is read in both formats", "[tableau]") {
    const auto j = codec::decode_webhook_page(
        R"({"pagination":{"pageNumber":"2","pageSize":"100","totalAvailable":250},"webhooks":{}})");
    REQUIRE(j.has_value());
    REQUIRE(j->pagination.has_value());
    CHECK(j->pagination->page_number == 2);
    CHECK(j->pagination->page_size == 100);
    CHECK(j->pagination->total_available == 250);
    const auto x = codec::decode_webhook_page(
        R"(<tsResponse><pagination pageNumber="1" pageSize="10" totalAvailable="11"/><webhooks/></tsResponse>)");
    REQUIRE(x.has_value());
    REQUIRE(x->pagination.has_value());
    CHECK(x->pagination->total_available == 11);
    CHECK_FALSE(codec::decode_webhook_page(
        R"({"pagination":{"pageNumber":"x","pageSize":"1","totalAvailable":"1"},"webhooks":{}})"));
    CHECK_FALSE(codec::decode_webhook_page(R"(<tsResponse><pagination pageNumber="1"/><webhooks/></tsResponse>)"));
}

TEST_CASE("codec: lists fail closed on anything but the API's shape", "[tableau]") {
    const std::string good =
        R"({"webhooks":{"webhook":[{"id":"a","name":"A","event":"WorkbookCreated","webhook-destination":{"webhook-destination-http":{"url":"https://h/a"}}}]}})";
    REQUIRE(codec::decode_webhook_page(good).has_value());
    // Every truncation of a valid body is an error, never a shorter or empty list.
    for (std::size_t n = 0; n < good.size(); ++n) {
        INFO(n);
        CHECK_FALSE(codec::decode_webhook_page(good.substr(0, n)).has_value());
    }
    const std::string good_xml = fixture("webhook_get.xml");
    const std::size_t root_end = good_xml.rfind("</tsResponse>");
    for (std::size_t n = 0; n < root_end; n += 7) {
        INFO(n);
        CHECK_FALSE(codec::decode_webhook_page(good_xml.substr(0, n)).has_value());
    }
    for (
        const char* bad : {
            "",
            "   ",
            "null",
            "[]",
            "{}",
            R"({"webhooks":[]})",
            R"({"webhooks":null})",
            R"({"webhooks":"x"})",
            R"({"webhooks":{"webhook":5}})",
            R"({"webhooks":{"webhook":null}})",
            R"({"webhooks":{"webhook":["x"]}})",
            R"({"error":{"code":"401002"}})",
            "<html><body>502 Bad Gateway</body></html>",
            "<tsResponse/>",
            "Service Unavailable",
            R"({"webhooks":{"webhook":[{"name":"A","event":"E","webhook-destination":{"webhook-destination-http":{"url":"u"}}}]}})",
            R"({"webhooks":{"webhook":[{"id":"","name":"A","event":"E","webhook-destination":{"webhook-destination-http":{"url":"u"}}}]}})",
            R"({"webhooks":{"webhook":[{"id":7,"name":"A","event":"E","webhook-destination":{"webhook-destination-http":{"url":"u"}}}]}})",
            R"({"webhooks":{"webhook":[{"id":"a","name":"A","webhook-destination":{"webhook-destination-http":{"url":"u"}}}]}})",
            R"({"webhooks":{"webhook":[{"id":"a","name":"A","event":"E"}]}})",
            R"({"webhooks":{"webhook":[{"id":"a","name":"A","event":"E","isEnabled":"yes","webhook-destination":{"webhook-destination-http":{"url":"u"}}}]}})",
            R"(<tsResponse><webhooks><webhook name="A" event="E"><webhook-destination><webhook-destination-http url="u"/></webhook-destination></webhook></webhooks></tsResponse>)",
            R"(<tsResponse><webhooks><webhook id="a" name="A" event="E" isEnabled="maybe"><webhook-destination><webhook-destination-http url="u"/></webhook-destination></webhook></webhooks></tsResponse>)",
        }) {
        INFO(bad);
        CHECK_FALSE(codec::decode_webhook_page(bad).has_value());
    }
}

TEST_CASE("codec: hostile nesting is refused without recursion", "[tableau]") {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    CHECK_FALSE(codec::decode_webhook_page(deep).has_value());
    const std::string deep_obj = R"({"webhooks":)" + std::string(1000, '[') + std::string(1000, ']') + "}";
    CHECK_FALSE(codec::decode_webhook_page(deep_obj).has_value());
}

TEST_CASE("codec: decode errors never quote the body", "[tableau]") {
    const auto r = codec::decode_webhook_page(
        R"({"webhooks":{"webhook":[{"id":"a","name":"SECRET-NAME","isEnabled":"SECRET-VALUE"}]}})");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().find("SECRET") == std::string::npos);
}

TEST_CASE("codec: sign-in bodies for a PAT and a password", "[tableau]") {
    tabhook::model::Auth pat{tabhook::model::Auth::Kind::personal_access_token, "ci", "s3cret"};
    CHECK(
        json::parse(*codec::encode_signin(pat, "marketing")) ==
        json::parse(
            R"({"credentials":{"personalAccessTokenName":"ci","personalAccessTokenSecret":"s3cret","site":{"contentUrl":"marketing"}}})"));
    tabhook::model::Auth password{tabhook::model::Auth::Kind::password, "admin", "pw"};
    CHECK(json::parse(*codec::encode_signin(password, "")) ==
          json::parse(R"({"credentials":{"name":"admin","password":"pw","site":{"contentUrl":""}}})"));
    tabhook::model::Auth bad{tabhook::model::Auth::Kind::password, "admin", "\xff"};
    CHECK_FALSE(codec::encode_signin(bad, "").has_value());
}

TEST_CASE("codec: create bodies use the event attribute or the webhook-source element", "[tableau]") {
    const WebhookSpec spec{"gitops-x", "DatasourceRefreshFailed", "https://relay.example.com/hook", true};
    CHECK(json::parse(*codec::encode_webhook(spec, codec::EventForm::attribute, true)) == json::parse(R"({"webhook":{
        "name":"gitops-x","event":"DatasourceRefreshFailed","isEnabled":true,
        "webhook-destination":{"webhook-destination-http":{"method":"POST","url":"https://relay.example.com/hook"}}}})"));
    CHECK(json::parse(*codec::encode_webhook(spec, codec::EventForm::source_element, false)) ==
          json::parse(R"({"webhook":{
        "name":"gitops-x","webhook-source":{"webhook-source-event-datasource-refresh-failed":{}},
        "webhook-destination":{"webhook-destination-http":{"method":"POST","url":"https://relay.example.com/hook"}}}})"));
    const WebhookSpec admin{"a", "AdminPromoted", "https://h/x", false};
    const auto admin_body = json::parse(*codec::encode_webhook(admin, codec::EventForm::source_element, true));
    CHECK(admin_body["webhook"]["webhook-source"].contains("webhook-event-user-promoted-admin"));
    CHECK(admin_body["webhook"]["isEnabled"] == false);
    CHECK_FALSE(admin_body["webhook"].contains("statusChangeReason"));
    const WebhookSpec unknown{"a", "SomethingNew", "https://h/x", true};
    CHECK_FALSE(codec::encode_webhook(unknown, codec::EventForm::source_element, true).has_value());
    CHECK(codec::encode_webhook(unknown, codec::EventForm::attribute, true).has_value());
}

TEST_CASE("codec: the element-form body has the shape of TSC's create request", "[tableau]") {
    // webhook_create_request.xml: <tsRequest><webhook name><webhook-source><…/></webhook-source>
    // <webhook-destination><webhook-destination-http method url/></webhook-destination></webhook></tsRequest>
    pugi::xml_document doc;
    REQUIRE(doc.load_string(fixture("webhook_create_request.xml").c_str()));
    const pugi::xml_node w = doc.child("tsRequest").child("webhook");
    const WebhookSpec spec{w.attribute("name").value(), "DatasourceCreated",
                           w.child("webhook-destination").child("webhook-destination-http").attribute("url").value(),
                           true};
    const auto body = json::parse(*codec::encode_webhook(spec, codec::EventForm::source_element, false));
    const json& jw = body["webhook"];
    CHECK(jw["name"] == "webhook-name");
    for (pugi::xml_node c = w.first_child(); c; c = c.next_sibling()) CHECK(jw.contains(c.name()));
    CHECK(jw["webhook-destination"]["webhook-destination-http"]["method"] == "POST");
    CHECK(jw["webhook-destination"]["webhook-destination-http"]["url"] == "url");
}
