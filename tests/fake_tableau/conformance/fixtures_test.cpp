// The fake's XML against Tableau's own fixtures (tests/fixtures/tableau-xml): same element and
// attribute names; the only extra names allowed are the documented ones [WD-2020, tableau-api.md §1.2].
#include "harness.hpp"

#include <catch2/catch.hpp>

using namespace conformance;

namespace {

std::set<std::string> minus(const std::set<std::string>& a, const std::set<std::string>& b) {
    std::set<std::string> out;
    for (const auto& x : a)
        if (!b.count(x)) out.insert(x);
    return out;
}

// The fixture's names must all appear in the fake's answer; the fake may add only `allowed_extra`.
void compare(const std::string& fixture, const Reply& reply, const std::set<std::string>& allowed_extra,
             bool skip_source_children = false) {
    INFO("fixture " << fixture << "\nfake: " << reply.body);
    const auto doc = reply.xml();
    const auto ours = names_of(*doc, skip_source_children);
    const auto theirs = names_of_file(fixture, skip_source_children);
    CHECK(minus(theirs, ours).empty());
    CHECK(minus(minus(ours, theirs), allowed_extra).empty());
    CHECK(ours.count("tsResponse@xmlns"));
}

std::string code(const Reply& r) { return find(*r.xml(), "error").attribute("code").value(); }
std::string fixture_code(const std::string& name) {
    pugi::xml_document doc;
    const std::string text = fixture_text(name);
    REQUIRE(doc.load_string(text.c_str()));
    return find(doc, "error").attribute("code").value();
}

const std::set<std::string> kDocumentedWebhookExtras = {"webhook@event", "webhook@isEnabled",
                                                        "webhook@statusChangeReason"};

} // namespace

TEST_CASE("fixtures: create and update responses use Tableau's names") {
    Fake f;
    const SignedIn s = f.admin();
    const Reply created =
        f.as(s, "POST", f.hooks(s), webhook_xml("n", "DatasourceCreated", "", "https://e.example.com/x"));
    REQUIRE(created.status == 201);
    // webhook_create.xml carries a placeholder element inside <webhook-source>; compare around it.
    compare("webhook_create.xml", created, kDocumentedWebhookExtras, true);
    const std::string id = find(*created.xml(), "webhook").attribute("id").value();
    const Reply updated =
        f.as(s, "PUT", f.hooks(s, "/" + id), webhook_xml("n2", "", "", "https://updated-url.example.com/hook"));
    REQUIRE(updated.status == 201);
    compare("webhook_update.xml", updated, {"webhook@event"});
}

TEST_CASE("fixtures: list responses use Tableau's names, event elements included") {
    Fake f;
    const SignedIn s = f.admin();
    f.create_webhook(s, "n", "DatasourceCreated", "https://e.example.com/x");
    compare("webhook_get.xml", f.as(s, "GET", f.hooks(s)), kDocumentedWebhookExtras);

    Fake g;
    const SignedIn t = g.admin();
    REQUIRE(g.as(t, "POST", g.hooks(t),
                 webhook_xml("p", "", "webhook-event-user-promoted-admin", "https://example.com/hook"))
                .status == 201);
    compare("webhook_get_new_event.xml", g.as(t, "GET", g.hooks(t)), kDocumentedWebhookExtras);
}

TEST_CASE("fixtures: sign-in answers and errors use Tableau's names and codes") {
    Fake f;
    const Reply ok = f.http().request("POST", "/api/3.24/auth/signin",
                                      "<tsRequest><credentials name=\"admin\" password=\"admin-password\"><site "
                                      "contentUrl=\"\"/></credentials></tsRequest>",
                                      "text/xml");
    REQUIRE(ok.status == 200);
    compare("auth_sign_in.xml", ok, {"credentials@estimatedTimeToExpiration"});
    compare("auth_sign_in_impersonate.xml", ok, {"credentials@estimatedTimeToExpiration"});

    const Reply bad =
        f.http().request("POST", "/api/3.24/auth/signin",
                         "<tsRequest><credentials name=\"admin\" password=\"x\"/></tsRequest>", "text/xml");
    compare("auth_sign_in_error.xml", bad, {});
    CHECK(code(bad) == fixture_code("auth_sign_in_error.xml"));

    const Reply both =
        f.http().request("POST", "/api/3.24/auth/signin",
                         "<tsRequest><credentials name=\"a\" password=\"b\" personalAccessTokenName=\"c\" "
                         "personalAccessTokenSecret=\"d\"/></tsRequest>",
                         "text/xml");
    compare("auth_sign_in_multiple_credentials_error.xml", both, {});
    CHECK(code(both) == fixture_code("auth_sign_in_multiple_credentials_error.xml"));
    CHECK(both.status == 400);

    const Reply imp = f.http().request("POST", "/api/3.24/auth/signin",
                                       "<tsRequest><credentials personalAccessTokenName=\"tabhook-ci\" "
                                       "personalAccessTokenSecret=\"tabhook-ci-secret\"><site contentUrl=\"\"/>"
                                       "<user id=\"dd2239f6-ddf1-4107-981a-4cf94e415794\"/></credentials></tsRequest>",
                                       "text/xml");
    compare("auth_sign_in_impersonate_error.xml", imp, {});
    CHECK(code(imp) == "401001");
    CHECK(std::string(find(*imp.xml(), "detail").text().get()) ==
          "Impersonation is not supported when using Personal Access Tokens.");
}

TEST_CASE("fixtures: server info, and the 404003 of a server too old for the requested version") {
    Fake f;
    compare("server_info_get.xml", f.http().get("/api/3.24/serverinfo"), {});
    compare("server_info_25.xml", f.http().get("/api/2.5/serverinfo"), {});

    fake::Options o;
    o.api_version = "2.3";
    Fake old(o);
    const Reply r = old.http().get("/api/2.4/serverInfo");
    CHECK(r.status == 404);
    compare("server_info_404.xml", r, {});
    CHECK(code(r) == "404003");
    pugi::xml_document fixture;
    const std::string text = fixture_text("server_info_404.xml");
    REQUIRE(fixture.load_string(text.c_str()));
    CHECK(std::string(find(*r.xml(), "detail").text().get()) == find(fixture, "detail").text().get());
}

TEST_CASE("fixtures: the create request is accepted once its placeholders are real") {
    Fake f;
    const SignedIn s = f.admin();
    std::string body = fixture_text("webhook_create_request.xml");
    const std::string placeholder = "webhook-source-event-api-event-name";
    REQUIRE(body.find(placeholder) != std::string::npos);

    // As shipped, the event is a placeholder: refused as an unknown event.
    const Reply as_is = f.as(s, "POST", f.hooks(s), body);
    CHECK(as_is.status == 400);
    CHECK(std::string(find(*as_is.xml(), "detail").text().get()).find(placeholder) != std::string::npos);

    body.replace(body.find(placeholder), placeholder.size(), "webhook-source-event-datasource-created");
    // With a real event the body parses and the event is accepted; what is left is the placeholder
    // url="url", refused as a destination (not as a parse error).
    const Reply url_left = f.as(s, "POST", f.hooks(s), body);
    CHECK(url_left.status == 400);
    CHECK(std::string(find(*url_left.xml(), "detail").text().get()).find("destination URL") != std::string::npos);

    body.replace(body.find("url=\"url\""), 9, "url=\"https://example.com/hook\"");
    const Reply created = f.as(s, "POST", f.hooks(s), body);
    REQUIRE(created.status == 201);
    const auto doc = created.xml();
    const auto w = find(*doc, "webhook");
    CHECK(std::string(w.attribute("name").value()) == "webhook-name");
    CHECK(std::string(w.attribute("event").value()) == "DatasourceCreated");
}
