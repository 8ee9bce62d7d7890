// Learning the server profile (the assumption matrix's rows) from raw answers, as `tabhook doctor --canary`
// does. Spellings are fake-tableau's (tests/fake_tableau/src/profile.hpp).
#include <catch2/catch.hpp>

#include "tableau/server_profile.hpp"

using namespace tabhook::tableau;

TEST_CASE("server profile: the rows and spellings are fake-tableau's, each first value its default", "[profile]") {
    const auto& rows = profile_row_specs();
    REQUIRE(rows.size() == 10);
    CHECK(rows[0].key == "duplicate-names");
    CHECK(rows[0].values == std::vector<std::string_view>{"allow", "refuse-409", "refuse-400"});
    CHECK(rows[1].values == std::vector<std::string_view>{"401002", "401000", "403"});
    CHECK(rows[8].values == std::vector<std::string_view>{"404050", "404-other", "400"});
    CHECK(rows[9].values == std::vector<std::string_view>{"201", "200"});
    ServerProfileFindings f;
    for (const auto& r : f.rows()) CHECK(r.value == "unknown");
}

TEST_CASE("server profile: duplicate names, update status and an unknown id from statuses and codes", "[profile]") {
    CHECK(learn_duplicate_names(201) == "allow");
    CHECK(learn_duplicate_names(409) == "refuse-409");
    CHECK(learn_duplicate_names(400) == "refuse-400");
    CHECK(learn_duplicate_names(0) == "unknown");
    CHECK(learn_duplicate_names(500) == "unknown");
    CHECK(learn_update_status(201) == "201");
    CHECK(learn_update_status(200) == "200");
    CHECK(learn_update_status(204) == "unknown");
    CHECK(learn_unknown_webhook(404, R"({"error":{"code":"404050","summary":"s","detail":"d"}})") == "404050");
    CHECK(learn_unknown_webhook(404, R"(<tsResponse><error code="404000"><summary/><detail/></error></tsResponse>)") ==
          "404-other");
    CHECK(learn_unknown_webhook(400, R"({"error":{"code":"400000"}})") == "400");
    CHECK(learn_unknown_webhook(500, "") == "unknown");
}

TEST_CASE("server profile: an ended session is 401002, 401000 or 403", "[profile]") {
    CHECK(learn_expired_session(401, R"({"error":{"code":"401002","summary":"s","detail":"d"}})") == "401002");
    CHECK(learn_expired_session(401, R"({"error":{"code":401000,"summary":"s","detail":"d"}})") == "401000");
    CHECK(learn_expired_session(403, R"({"error":{"code":"403xxx","summary":"s","detail":"d"}})") == "403");
    CHECK(learn_expired_session(401, R"({"error":{"code":"401001","summary":"s","detail":"d"}})") == "unknown");
    CHECK(learn_expired_session(200, "{}") == "unknown");
}

TEST_CASE("server profile: a test result with a status, without one, and Tableau's own agent 404", "[profile]") {
    CHECK(learn_test_result(R"({"webhookTestResult":{"id":"1","status":200,"body":"ok"}})") == "status");
    CHECK(learn_test_result(R"({"webhookTestResult":{"id":"1","body":"ok"}})") == "no-status");
    CHECK(learn_test_result(R"({"webhookTestResult":{"status":"404","body":"agent not found"}})") == "agent-404");
    // A receiver's own 404 is a status, not Tableau's agent answer.
    CHECK(learn_test_result(R"({"webhookTestResult":{"status":404,"body":"no such route"}})") == "status");
    CHECK(
        learn_test_result(
            R"(<tsResponse><webhookTestResult id="1" status="200"><body>ok</body></webhookTestResult></tsResponse>)") ==
        "status");
    CHECK(learn_test_result(
              R"(<tsResponse><webhookTestResult id="1"><body>ok</body></webhookTestResult></tsResponse>)") ==
          "no-status");
    CHECK(
        learn_test_result(
            R"(<tsResponse><webhookTestResult status="404"><body>Agent not found</body></webhookTestResult></tsResponse>)") ==
        "agent-404");
    CHECK(learn_test_result("not a body") == "unknown");
}

TEST_CASE("server profile: list order from several lists of the webhooks created", "[profile]") {
    const std::vector<std::string> created{"a", "b", "c", "d"};
    CHECK(learn_list_order({{"x", "a", "b", "c", "d"}, {"a", "b", "x", "c", "d"}}, created) == "created");
    CHECK(learn_list_order({{"d", "c", "b", "a"}, {"d", "c", "b", "a", "x"}}, created) == "reversed");
    CHECK(learn_list_order({{"a", "b", "c", "d"}, {"b", "a", "c", "d"}}, created) == "shuffled");
    CHECK(learn_list_order({{"b", "a", "d", "c"}, {"b", "a", "d", "c"}}, created) == "shuffled"); // stable, neither
    CHECK(learn_list_order({{"a", "b"}}, created) == "unknown"); // a list that misses some cannot tell
    CHECK(learn_list_order({{"a"}}, {"a"}) == "unknown");
    CHECK(learn_list_order({}, created) == "unknown");
}

TEST_CASE("server profile: JSON value types and createdAt from webhook answers", "[profile]") {
    const std::string one_array =
        R"({"webhooks":{"webhook":[{"id":"1","name":"n","isEnabled":true,"createdAt":"2026-01-01T00:00:00Z"}]}})";
    const std::string one_object = R"({"webhooks":{"webhook":{"id":"1","name":"n","isEnabled":"true"}}})";
    const std::string two = R"({"webhooks":{"webhook":[{"id":"1","isEnabled":false},{"id":"2","isEnabled":true}]}})";
    CHECK(learn_json_single_item(one_array) == "array");
    CHECK(learn_json_single_item(one_object) == "object");
    CHECK(learn_json_single_item(two) == "unknown");
    CHECK(learn_json_single_item(R"({"webhooks":{}})") == "unknown");
    CHECK(learn_json_enabled(one_array) == "boolean");
    CHECK(learn_json_enabled(one_object) == "string");
    CHECK(learn_json_enabled(R"({"webhook":{"id":"1","isEnabled":"false"}})") == "string");
    CHECK(learn_json_enabled(R"(<tsResponse><webhooks><webhook id="1" isEnabled="true"/></webhooks></tsResponse>)") ==
          "unknown");
    CHECK(learn_created_at(one_array) == "present");
    CHECK(learn_created_at(two) == "absent");
    CHECK(learn_created_at(R"({"webhooks":{}})") == "unknown");
    CHECK(learn_created_at(R"(<tsResponse><webhooks><webhook id="1" createdAt="2026"/></webhooks></tsResponse>)") ==
          "present");
    CHECK(learn_created_at(R"(<tsResponse><webhooks><webhook id="1"/></webhooks></tsResponse>)") == "absent");
    CHECK(learn_json_error_code(R"({"error":{"code":"409050"}})") == "string");
    CHECK(learn_json_error_code(R"({"error":{"code":409050}})") == "number");
    CHECK(learn_json_error_code(R"(<tsResponse><error code="1"/></tsResponse>)") == "unknown");
}

TEST_CASE("server profile: the first answer that tells wins, and a note explains an unknown row", "[profile]") {
    ServerProfileFindings f;
    f.set("list-order", "unknown", "one list");
    f.set("list-order", "reversed", "five lists");
    f.set("list-order", "created", "later");
    CHECK(f.value("list-order") == "reversed");
    f.note("update-status", "no successful update");
    f.note("list-order", "ignored: known");
    for (const auto& r : f.rows()) {
        if (r.row == "update-status") CHECK(r.evidence == "no successful update");
        if (r.row == "list-order") CHECK(r.evidence == "five lists");
    }
    CHECK(f.value("no-such-row") == "unknown");
}

TEST_CASE("server profile: ids of a list answer in its order", "[profile]") {
    CHECK(
        list_ids(
            R"({"webhooks":{"webhook":[{"id":"b","name":"x","webhook-destination":{"webhook-destination-http":{"method":"POST","url":"https://h/x"}},"event":"WorkbookCreated","owner":{"id":"o"}},{"id":"a","name":"y","webhook-destination":{"webhook-destination-http":{"method":"POST","url":"https://h/y"}},"event":"WorkbookCreated","owner":{"id":"o"}}]}})") ==
        std::vector<std::string>{"b", "a"});
    CHECK(list_ids("garbage").empty());
}
