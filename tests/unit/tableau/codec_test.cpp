#include <catch2/catch.hpp>

#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "tableau/codec.hpp"
#include "util/strings.hpp"

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

TEST_CASE("codec: a JSON list decoded webhook by webhook reads as the whole document says", "[tableau]") {
    const std::string a =
        R"({"id":"a","name":"A","event":"WorkbookCreated","webhook-destination":{"webhook-destination-http":{"url":"https://h/a"}}})";
    const std::string b =
        R"({"id":"b","name":"B","event":"WorkbookCreated","webhook-destination":{"webhook-destination-http":{"url":"https://h/b"}}})";
    const std::string bad = R"({"id":"","name":"X"})";
    const auto names = [](const std::string& body) {
        const auto page = codec::decode_webhook_page(body);
        REQUIRE(page.has_value());
        std::string out;
        for (const auto& w : page->webhooks) out += w.name;
        return out;
    };
    const auto error = [](const std::string& body) {
        const auto page = codec::decode_webhook_page(body);
        REQUIRE_FALSE(page.has_value());
        return page.error();
    };
    // A repeated key keeps its last value, list or object, at either level.
    CHECK(names(R"({"webhooks":{"webhook":[)" + bad + R"(],"webhook":[)" + a + "," + b + "]}}") == "AB");
    CHECK(names(R"({"webhooks":{"webhook":[)" + a + R"(],"webhook":)" + b + "}}") == "B");
    CHECK(names(R"({"webhooks":{"webhook":)" + b + R"(,"webhook":[)" + a + "]}}") == "A");
    CHECK(names(R"({"webhooks":{"webhook":[)" + bad + R"(]},"webhooks":{"webhook":[)" + b + "]}}") == "B");
    CHECK(names(R"({"webhooks":{"webhook":[)" + a + R"(]},"webhooks":{}})").empty());
    CHECK(error(R"({"webhooks":{"webhook":[)" + a + R"(],"webhook":[)" + bad + "]}}") == "a webhook has an empty 'id'");
    // The first webhook that does not decode is the error, after the checks on the document.
    CHECK(error(R"({"webhooks":{"webhook":[)" + a + "," + bad + R"(,5]}})") == "a webhook has an empty 'id'");
    CHECK(error(R"({"webhooks":{"webhook":[)" + a + R"(,[],)" + bad + "]}}") == "a webhook is not an object");
    CHECK(error(R"({"webhooks":{"webhook":[)" + bad + R"(]},"x":)") == "not valid JSON (truncated or malformed)");
    CHECK(error(R"({"webhooks":{"webhook":[)" + bad + R"(]},"webhooks":5})") == "'webhooks' is not an object");
    CHECK(error(R"({"webhooks":{"webhook":[)" + bad + R"(]},"pagination":5})") == "a webhook has an empty 'id'");
    CHECK(error(R"({"webhooks":{"webhook":[)" + a + R"(]},"pagination":5})") == "'pagination' is not an object");
    // Only the list itself is read element by element: a "webhook" list anywhere else is not a list of webhooks.
    CHECK(error(R"({"x":{"webhook":[)" + a + "]}}") == "no 'webhooks' in the response");
    CHECK(names(R"({"webhooks":{"y":{"webhook":[)" + bad + "]}}}").empty());
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

namespace {

const std::string kReplacement = "\xef\xbf\xbd"; // U+FFFD

// Every string a decoded webhook carries.
void check_valid_utf8(const tabhook::model::LiveWebhook& w) {
    for (const std::string* s :
         {&w.id, &w.name, &w.event.str(), &w.url, &w.status_change_reason, &w.owner_id, &w.owner_name, &w.created_at}) {
        INFO(*s);
        CHECK(tabhook::util::is_valid_utf8(*s));
    }
}

std::string xml_webhook(const std::string& id, const std::string& name) {
    return R"(<webhook id=")" + id + R"(" name=")" + name +
           R"(" event="WorkbookCreated" isEnabled="true" statusChangeReason="r" createdAt="t" updatedAt="t">)"
           R"(<webhook-source><webhook-source-event-workbook-created/></webhook-source>)"
           R"(<webhook-destination><webhook-destination-http method="POST" url="https://h/)" +
           id + R"("/></webhook-destination><owner id="o" name="admin"/></webhook>)";
}

std::string json_webhook(const std::string& id, const std::string& name) {
    return R"({"id":")" + id + R"(","name":")" + name +
           R"(","event":"WorkbookCreated","isEnabled":true,"statusChangeReason":"r","createdAt":"t","updatedAt":"t",)"
           R"("webhook-source":{"webhook-source-event-workbook-created":{}},)"
           R"("webhook-destination":{"webhook-destination-http":{"method":"POST","url":"https://h/)" +
           id + R"("}},"owner":{"id":"o","name":"admin"}})";
}

} // namespace

TEST_CASE("codec: XML strings that are not UTF-8, raw or as &#xD800;, decode with U+FFFD", "[tableau]") {
    const std::string body =
        "<tsResponse><webhooks>"
        "<webhook id=\"a\" name=\"bad\xff\xfe\" event=\"WorkbookCreated\" statusChangeReason=\"why\xc0\">"
        "<webhook-destination><webhook-destination-http url=\"https://h/\xed\xa0\x80\"/></webhook-destination>"
        "<owner id=\"o\xf5\" name=\"n&#xDFFF;\"/></webhook>"
        "<webhook id=\"b\" name=\"x&#xD800;\" event=\"WorkbookCreated\">"
        "<webhook-destination><webhook-destination-http url=\"https://h/b\"/></webhook-destination></webhook>"
        "<webhook id=\"c\" name=\"caf\xc3\xa9 &#x1F600;\" event=\"WorkbookCreated\">"
        "<webhook-destination><webhook-destination-http url=\"https://h/c\"/></webhook-destination></webhook>"
        "</webhooks></tsResponse>";
    const auto page = codec::decode_webhook_page(body);
    REQUIRE(page.has_value());
    REQUIRE(page->webhooks.size() == 3);
    for (const auto& w : page->webhooks) check_valid_utf8(w);
    const auto& bad = page->webhooks[0];
    CHECK(bad.name == "bad" + kReplacement + kReplacement);
    CHECK(bad.status_change_reason == "why" + kReplacement);
    CHECK(bad.url == "https://h/" + kReplacement + kReplacement + kReplacement);
    CHECK(bad.owner_id == "o" + kReplacement);
    CHECK(bad.owner_name.starts_with("n" + kReplacement));
    // pugixml writes &#xD800; as the CESU-8 bytes ED A0 80: three U+FFFD, as any other such bytes.
    CHECK(page->webhooks[1].name == "x" + kReplacement + kReplacement + kReplacement);
    // Valid text, escaped or not, is untouched.
    CHECK(page->webhooks[2].name == "caf\xc3\xa9 \xf0\x9f\x98\x80");

    const auto one = codec::decode_webhook("<tsResponse>" + xml_webhook("i\xff", "n&#xD800;") + "</tsResponse>");
    REQUIRE(one.has_value());
    check_valid_utf8(*one);
    const auto error = codec::decode_error(
        "<tsResponse><error code=\"4\xff\"><summary>s\xfe</summary><detail>d&#xD800;</detail></error></tsResponse>");
    REQUIRE(error.has_value());
    CHECK(error->code == "4" + kReplacement);
    CHECK(error->summary == "s" + kReplacement);
    CHECK(tabhook::util::is_valid_utf8(error->detail));
    const auto credentials = codec::decode_credentials(
        "<tsResponse><credentials token=\"t\xff\"><site id=\"s&#xD800;\"/><user id=\"u\"/></credentials></tsResponse>");
    REQUIRE(credentials.has_value());
    CHECK(tabhook::util::is_valid_utf8(credentials->token));
    CHECK(tabhook::util::is_valid_utf8(credentials->site_id));
    const auto test =
        codec::decode_test_result("<tsResponse><webhookTestResult id=\"a\" "
                                  "status=\"200\"><body>ok\xff&#xD800;</body></webhookTestResult></tsResponse>");
    REQUIRE(test.has_value());
    CHECK(tabhook::util::is_valid_utf8(test->body));
}

TEST_CASE("codec: JSON strings that are not UTF-8, raw or as a lone \\ud800, decode with U+FFFD", "[tableau]") {
    // nlohmann refuses such a body outright: before, one bad name made the whole list unreadable.
    const std::string body = "{\"webhooks\":{\"webhook\":[" + json_webhook("a", "bad\xff\xfe") + "," +
                             json_webhook("b", "x\\ud800") + "," + json_webhook("c", "\\udc00y\\ud800") + "," +
                             json_webhook("d", "\\ud83d\\ude00 caf\xc3\xa9") + "," + json_webhook("e", "\\\\ud800") +
                             "," + json_webhook("f\xed\xa0\x80", "\\ud800\\u0041") + "]}}";
    const auto page = codec::decode_webhook_page(body);
    REQUIRE(page.has_value());
    REQUIRE(page->webhooks.size() == 6);
    for (const auto& w : page->webhooks) check_valid_utf8(w);
    CHECK(page->webhooks[0].name == "bad" + kReplacement + kReplacement);
    CHECK(page->webhooks[1].name == "x" + kReplacement);
    CHECK(page->webhooks[2].name == kReplacement + "y" + kReplacement);
    CHECK(page->webhooks[3].name == "\xf0\x9f\x98\x80 caf\xc3\xa9"); // a valid pair is kept
    CHECK(page->webhooks[4].name == "\\ud800");                      // an escaped backslash, then text
    CHECK(page->webhooks[5].id == "f" + kReplacement + kReplacement + kReplacement);
    CHECK(page->webhooks[5].name == kReplacement + "A");

    const auto error =
        codec::decode_error("{\"error\":{\"code\":\"4\xff\",\"summary\":\"s\\udfff\",\"detail\":\"d\xc3\"}}");
    REQUIRE(error.has_value());
    CHECK(error->code == "4" + kReplacement);
    CHECK(error->summary == "s" + kReplacement);
    CHECK(error->detail == "d" + kReplacement);
    // Still strict about everything else: a raw control character in a string is not JSON.
    CHECK_FALSE(codec::decode_error("{\"error\":{\"code\":\"4\x01\"}}").has_value());
}

TEST_CASE("codec: a JSON body valid as UTF-8 whose only flaw is an escaped lone surrogate is repaired", "[tableau]") {
    // Such a body is not parsed where it lies, as a clean one is: either case of the escape is seen.
    const auto page = codec::decode_webhook_page("{\"webhooks\":{\"webhook\":[" + json_webhook("a", "x\\uD800") + "," +
                                                 json_webhook("b", "\\uDBFFz") + "," + json_webhook("c", "ok") + "]}}");
    REQUIRE(page.has_value());
    REQUIRE(page->webhooks.size() == 3);
    CHECK(page->webhooks[0].name == "x" + kReplacement);
    CHECK(page->webhooks[1].name == kReplacement + "z");
    CHECK(page->webhooks[2].name == "ok");
}

TEST_CASE("codec: XML nested too deep or with too many elements or attributes is refused before parsing", "[tableau]") {
    // Each refusal names the limit, which only the pre-scan does: pugixml would have parsed these (the
    // list below would have read as empty) after allocating 64 bytes for every 3 to 4 bytes of body.
    std::string deep = "<tsResponse><webhooks>";
    for (int i = 0; i < 100; ++i) deep += "<a>";
    const auto d = codec::decode_webhook_page(deep);
    REQUIRE_FALSE(d.has_value());
    CHECK(d.error().find("nested more than 64 levels") != std::string::npos);
    // Self-closing elements and end tags do not add depth: 2,000 siblings are fine.
    std::string wide = "<tsResponse><webhooks>";
    for (int i = 0; i < 2000; ++i) wide += i % 2 == 0 ? "<a/>" : "<b x='/>'></b>";
    CHECK(codec::decode_webhook_page(wide + "</webhooks></tsResponse>").has_value());

    // head + `count` times `unit` + tail: refused, naming the limit.
    const auto refused = [](const std::string& head, const char* unit, int count, const char* tail, const char* why) {
        std::string body = head;
        body.reserve(head.size() + std::strlen(unit) * static_cast<std::size_t>(count) + 64);
        for (int i = 0; i < count; ++i) body += unit;
        body += tail;
        const auto r = codec::decode_webhook_page(body);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().find(why) != std::string::npos);
    };
    refused("<tsResponse><webhooks>", "<a/>", 1'000'001, "</webhooks></tsResponse>", "more than 1000000 elements");
    refused("<tsResponse><webhooks><a", " a=''", 2'000'001, "/></webhooks></tsResponse>",
            "more than 2000000 attributes");

    // Comments and CDATA are skipped as pugixml skips them; a '<' inside them is no element.
    CHECK(codec::decode_webhook_page("<tsResponse><!-- <a><a> --><webhooks><![CDATA[<b><b>]]></webhooks></tsResponse>")
              .has_value());
}

TEST_CASE("codec: the shape limits admit a list of 100,000 webhooks in one response, in both formats", "[tableau]") {
    // Tableau documents no pagination for webhooks: the whole list may come as one body.
    constexpr int kCount = 100'000;
    std::string xml = "<tsResponse xmlns=\"http://tableau.com/api\"><webhooks>";
    std::string json_body = "{\"webhooks\":{\"webhook\":[";
    for (int i = 0; i < kCount; ++i) {
        xml += xml_webhook(std::to_string(i), "name-" + std::to_string(i));
        json_body += (i == 0 ? "" : ",") + json_webhook(std::to_string(i), "name-" + std::to_string(i));
    }
    xml += "</webhooks></tsResponse>";
    json_body += "]}}";
    const auto x = codec::decode_webhook_page(xml);
    REQUIRE(x.has_value());
    CHECK(x->webhooks.size() == kCount);
    const auto j = codec::decode_webhook_page(json_body);
    REQUIRE(j.has_value());
    CHECK(j->webhooks.size() == kCount);
}

TEST_CASE("codec: JSON with too many values is refused before parsing", "[tableau]") {
    std::string many = "{\"webhooks\":{\"x\":[";
    many.reserve(6'100'000);
    for (int i = 0; i < 3'000'001; ++i) many += "0,";
    many += "0]}}";
    const auto r = codec::decode_webhook_page(many);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().find("more than 3000000 values") != std::string::npos);
}

// The test-result row of the assumption matrix: Tableau's schema makes `status` optional (and `body`
// required); Tableau Online has been seen answering status "404", body "agent not found".
TEST_CASE("codec: a test result without status decodes with no status, in both formats", "[tableau]") {
    const auto j = codec::decode_test_result(R"({"webhookTestResult":{"id":"w1","body":"accepted"}})");
    REQUIRE(j.has_value());
    CHECK_FALSE(j->status.has_value());
    CHECK(j->body == "accepted");
    const auto x = codec::decode_test_result(
        R"(<tsResponse xmlns="http://tableau.com/api"><webhookTestResult id="w1"><body>accepted</body></webhookTestResult></tsResponse>)");
    REQUIRE(x.has_value());
    CHECK_FALSE(x->status.has_value());
    CHECK(x->body == "accepted");
    const auto agent = codec::decode_test_result(
        R"(<tsResponse xmlns="http://tableau.com/api"><webhookTestResult id="w1" status="404"><body>agent not found</body></webhookTestResult></tsResponse>)");
    REQUIRE(agent.has_value());
    CHECK(agent->status == 404);
    CHECK(agent->body == "agent not found");
    // A status that is there but not a number is still an error.
    CHECK_FALSE(codec::decode_test_result(R"({"webhookTestResult":{"status":"abc","body":""}})").has_value());
    CHECK_FALSE(codec::decode_test_result(
                    R"(<tsResponse><webhookTestResult status="abc"><body/></webhookTestResult></tsResponse>)")
                    .has_value());
}

// The json-* rows: JSON answers whose value types differ from what tableau-api.md infers.
TEST_CASE("codec: JSON isEnabled as the strings \"true\"/\"false\", in a single webhook and in a list", "[tableau]") {
    const std::string hook = R"("id":"w1","name":"n","event":"WorkbookCreated",)"
                             R"("webhook-destination":{"webhook-destination-http":{"url":"https://h/a"}})";
    const auto off = codec::decode_webhook(R"({"webhook":{)" + hook + R"(,"isEnabled":"false"}})");
    REQUIRE(off.has_value());
    CHECK_FALSE(off->enabled);
    const auto on = codec::decode_webhook(R"({"webhook":{)" + hook + R"(,"isEnabled":"true"}})");
    REQUIRE(on.has_value());
    CHECK(on->enabled);
    const auto listed =
        codec::decode_webhook_page(R"({"webhooks":{"webhook":[{)" + hook + R"(,"isEnabled":"false"}]}})");
    REQUIRE(listed.has_value());
    REQUIRE(listed->webhooks.size() == 1);
    CHECK_FALSE(listed->webhooks[0].enabled);
    // Any other string is refused rather than guessed.
    CHECK_FALSE(codec::decode_webhook(R"({"webhook":{)" + hook + R"(,"isEnabled":"no"}})").has_value());
}

TEST_CASE("codec: a JSON error code given as a number reads as the string code", "[tableau]") {
    const auto e = codec::decode_error(R"({"error":{"summary":"Conflict","detail":"d","code":409009}})");
    REQUIRE(e.has_value());
    CHECK(e->code == "409009");
    CHECK(codec::decode_error(R"({"error":{"code":"401002"}})")->code == "401002");
    CHECK_FALSE(codec::decode_error(R"({"error":{"code":4.5}})").has_value());
}

TEST_CASE("codec: a one-webhook JSON list given as an object, with isEnabled a string and createdAt", "[tableau]") {
    const auto one = codec::decode_webhook_page(
        R"({"pagination":{"pageNumber":"1","pageSize":"100","totalAvailable":"1"},"webhooks":{"webhook":{"id":"a","name":"A","event":"WorkbookCreated","isEnabled":"false","createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-02T00:00:00Z","webhook-destination":{"webhook-destination-http":{"method":"POST","url":"https://h/a"}}}}})");
    REQUIRE(one.has_value());
    REQUIRE(one->webhooks.size() == 1);
    CHECK(one->webhooks[0].id == "a");
    CHECK_FALSE(one->webhooks[0].enabled);
    CHECK(one->webhooks[0].created_at == "2026-01-01T00:00:00Z");
    REQUIRE(one->pagination.has_value());
    CHECK(one->pagination->total_available == 1);
    // The object form is decoded with the same rules as an element of the array: a bad one fails.
    CHECK_FALSE(codec::decode_webhook_page(R"({"webhooks":{"webhook":{"id":"","name":"A"}}})").has_value());
}

TEST_CASE("codec: createdAt is read from XML webhooks too", "[tableau]") {
    const auto list = codec::decode_webhook_page(
        R"(<tsResponse xmlns="http://tableau.com/api"><webhooks><webhook id="b" name="B" event="WorkbookCreated" isEnabled="true" createdAt="2026-01-02T00:00:00Z" updatedAt="2026-01-03T00:00:00Z"><webhook-destination><webhook-destination-http method="POST" url="https://h/b"/></webhook-destination></webhook></webhooks></tsResponse>)");
    REQUIRE(list.has_value());
    REQUIRE(list->webhooks.size() == 1);
    CHECK(list->webhooks[0].created_at == "2026-01-02T00:00:00Z");
}
