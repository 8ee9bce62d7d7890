// ConnectedSessions over a recording transport: sites that share a personal access token keep one session
// through observe and execute (one sign-in, Switch Site between sites, one sign-out), every site is listed
// before the first write, execute starts with the site the session is on and skips sites with nothing to
// send, and a server without Switch Site falls back to a sign-in per site, said once.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../tableau/fake_transport.hpp"
#include "reconcile/desired.hpp"
#include "reconcile/execute.hpp"
#include "reconcile/observe.hpp"
#include "reconcile/sessions.hpp"

using namespace tabhook;
using namespace tabhook::tableau::testing;
using nlohmann::json;

namespace {

// A server with sites a, b and c (site ids "id-" + contentUrl) answering sign-in, Switch Site (unless
// `switch_supported` is false: 403069), lists (empty) and creates.
struct Server {
    FakeTableau fake;
    std::vector<std::string> notes;

    explicit Server(bool switch_supported) {
        const auto credentials = [](const std::string& content_url, int n) {
            return respond_json(200, {{"credentials",
                                       {{"token", "tok-" + std::to_string(n)},
                                        {"site", {{"id", "id-" + content_url}, {"contentUrl", content_url}}},
                                        {"user", {{"id", "me"}}}}}});
        };
        fake.transport->fallback("POST", fake.api("/auth/signin"), [this, credentials](const http::HttpRequest& r) {
            return credentials(json::parse(r.body)["credentials"]["site"]["contentUrl"].get<std::string>(),
                               ++fake.sign_ins);
        });
        fake.transport->fallback("POST", fake.api("/auth/switchSite"),
                                 [switch_supported, credentials, n = 100](const http::HttpRequest& r) mutable {
                                     if (!switch_supported)
                                         return tableau_error(403, "403069", "Forbidden", "not on this server");
                                     return credentials(json::parse(r.body)["site"]["contentUrl"].get<std::string>(),
                                                        ++n);
                                 });
        for (const std::string id : {"id-a", "id-b", "id-c"}) {
            fake.transport->fallback("GET", fake.api("/sites/" + id + "/webhooks"), [](const http::HttpRequest&) {
                return respond_json(200, json{{"webhooks", json::object()}});
            });
            fake.transport->fallback("POST", fake.api("/sites/" + id + "/webhooks"), [](const http::HttpRequest& r) {
                const auto name = json::parse(r.body)["webhook"]["name"].get<std::string>();
                return respond_json(201, {{"webhook", webhook_json("new-" + name, name, "WorkbookCreated",
                                                                   "https://relay.example.com/a")}});
            });
        }
    }
    reconcile::ConnectedSessions::Note note() {
        return [this](const std::string& line) { notes.push_back(line); };
    }
    std::size_t count(const std::string& method, const std::string& path) const {
        return fake.transport->count(method, fake.api(path));
    }
    // The request lines without the API prefix, in order.
    std::vector<std::string> lines() const {
        std::vector<std::string> out;
        for (auto line : fake.transport->request_lines()) {
            const auto at = line.find(fake.api(""));
            if (at != std::string::npos) line.erase(at, fake.api("").size());
            out.push_back(line);
        }
        return out;
    }
};

model::Site site(const std::string& name) {
    model::Site s;
    s.name = name;
    s.server = "https://tableau.example.com";
    s.content_url = name;
    s.prune = model::Prune::owned;
    s.auth = {model::Auth::Kind::personal_access_token, "fleet-admin", "SENTINEL-PAT-4711"};
    return s;
}

model::Webhook declared(const std::string& name, const std::string& on) {
    return model::Webhook{
        name, on, model::Event("WorkbookCreated"), "https://relay.example.com/a", true, model::TestPolicy::skip, {}};
}

reconcile::DesiredSites fleet() {
    model::DesiredState s;
    s.sites = {site("a"), site("b"), site("c")};
    s.webhooks = {declared("gitops-a", "a"), declared("gitops-c", "c")}; // nothing for b
    return reconcile::select_sites(s, {});
}

// What an apply of the fleet does: observe, then execute without tests. The plans' change counts by site.
std::vector<std::size_t> apply_fleet(Server& server) {
    const auto desired = fleet();
    reconcile::ConnectedSessions sessions(desired.sites, {}, reconcile::Access::write, server.note());
    sessions.use_deps(server.fake.deps());
    auto observed = reconcile::observe(desired, sessions, {{}, /*skip_suspended=*/true});
    apply::ApplyOptions options;
    options.test = apply::TestMode::none;
    const auto result = reconcile::execute(observed, desired, sessions, options);
    std::vector<std::size_t> done;
    for (const auto& r : result.sites) {
        CHECK(r.error.empty());
        done.push_back(
            static_cast<std::size_t>(std::count_if(r.outcomes.begin(), r.outcomes.end(), [](const plan::Outcome& o) {
                return o.status == plan::Outcome::Status::done;
            })));
    }
    return done;
}

} // namespace

TEST_CASE("sessions: a read-only run signs in once, switches between sites, signs out after the last",
          "[reconcile][sessions]") {
    Server server(true);
    const auto desired = fleet();
    reconcile::ConnectedSessions sessions(desired.sites, {}, reconcile::Access::read_only, server.note());
    sessions.use_deps(server.fake.deps());
    const auto observed = reconcile::observe(desired, sessions, {});
    for (const auto& s : observed) CHECK(s.ok());
    CHECK(observed[2].site_id == "id-c");
    CHECK(server.lines() == std::vector<std::string>{"GET /api/2.4/serverinfo", "POST /auth/signin",
                                                     "GET /sites/id-a/webhooks", "POST /auth/switchSite",
                                                     "GET /sites/id-b/webhooks", "POST /auth/switchSite",
                                                     "GET /sites/id-c/webhooks", "POST /auth/signout"});
    CHECK(server.notes.empty());
}

TEST_CASE("sessions: apply keeps the session from plan to writes and starts on the site it is on",
          "[reconcile][sessions]") {
    Server server(true);
    CHECK(apply_fleet(server) == std::vector<std::size_t>{1, 0, 1});
    CHECK(server.fake.sign_ins == 1);
    CHECK(server.count("POST", "/auth/signout") == 1);
    // Every site listed before the first write; c (where listing ended) written first, then a; b, with
    // nothing to do, not visited again.
    CHECK(server.lines() ==
          std::vector<std::string>{"GET /api/2.4/serverinfo", "POST /auth/signin", "GET /sites/id-a/webhooks",
                                   "POST /auth/switchSite", "GET /sites/id-b/webhooks", "POST /auth/switchSite",
                                   "GET /sites/id-c/webhooks", "POST /sites/id-c/webhooks", "GET /sites/id-c/webhooks",
                                   "POST /auth/switchSite", "POST /sites/id-a/webhooks", "GET /sites/id-a/webhooks",
                                   "POST /auth/signout"});
}

TEST_CASE("sessions: without Switch Site each site signs in, the server is remembered and named once",
          "[reconcile][sessions]") {
    Server server(false);
    CHECK(apply_fleet(server) == std::vector<std::size_t>{1, 0, 1}); // the same outcome as with Switch Site
    CHECK(server.count("POST", "/auth/switchSite") == 1);            // asked once, then remembered
    CHECK(server.fake.sign_ins == 4);                                // a, b, c; then a again for its write
    CHECK(server.count("POST", "/auth/signout") == 4);               // one session of the token at a time
    REQUIRE(server.notes.size() == 1);
    CHECK(server.notes[0].find("https://tableau.example.com does not offer Switch Site") == 0);
    CHECK(server.notes[0].find("SENTINEL") == std::string::npos);
    // Still every site listed before the first write.
    const auto lines = server.lines();
    const auto first_write = std::find(lines.begin(), lines.end(), "POST /sites/id-c/webhooks");
    REQUIRE(first_write != lines.end());
    CHECK(std::count(lines.begin(), first_write, "GET /sites/id-a/webhooks") == 1);
    CHECK(std::count(lines.begin(), first_write, "GET /sites/id-b/webhooks") == 1);
    CHECK(std::count(lines.begin(), first_write, "GET /sites/id-c/webhooks") == 1);
}

TEST_CASE("sessions: a site the switch cannot reach gets sign-in's error; the others go on", "[reconcile][sessions]") {
    Server server(true);
    server.fake.transport->script("POST", server.fake.api("/auth/switchSite"),
                                  {tableau_error(401, "401001", "Signin Error", "no such site")});
    server.fake.transport->script(
        "POST", server.fake.api("/auth/signin"),
        {respond_json(
             200, {{"credentials",
                    {{"token", "tok-1"}, {"site", {{"id", "id-a"}, {"contentUrl", "a"}}}, {"user", {{"id", "me"}}}}}}),
         tableau_error(401, "401001", "Signin Error", "Error signing in to Tableau Server")});
    const auto desired = fleet();
    reconcile::ConnectedSessions sessions(desired.sites, {}, reconcile::Access::read_only, server.note());
    sessions.use_deps(server.fake.deps());
    const auto observed = reconcile::observe(desired, sessions, {});
    CHECK(observed[0].ok());
    REQUIRE_FALSE(observed[1].ok());
    CHECK(observed[1].failure == reconcile::SiteObservation::Failure::sign_in);
    CHECK(observed[1].error.find("/auth/signin") != std::string::npos); // sign-in's error, with its hint
    CHECK(observed[2].ok());
    CHECK(observed[2].site_id == "id-c");
    CHECK(server.notes.empty()); // a refused site is not a server without Switch Site
}
