#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "tableau/site_groups.hpp"

using namespace tabhook;
using Groups = std::vector<std::vector<std::size_t>>;

namespace {

model::Site site(const std::string& name, const std::string& server, const std::string& pat) {
    model::Site s;
    s.name = name;
    s.server = server;
    s.auth.name = pat;
    return s;
}

} // namespace

TEST_CASE("site groups: sites sharing a PAT on one server are grouped, in order", "[tableau]") {
    auto password = site("p", "https://t.example.com", "admin");
    password.auth.kind = model::Auth::Kind::password;
    const std::vector<model::Site> sites{
        site("a", "https://t.example.com", "ci"),
        site("b", "https://other.example.com", "ci"),  // another server
        site("c", "https://T.example.com:443/", "ci"), // the same server, written differently
        site("d", "https://t.example.com", "other"),   // another PAT
        password,
        site("e", "https://t.example.com", "ci"),
    };
    CHECK(tableau::session_groups(sites) == Groups{{0, 2, 5}, {1}, {3}, {4}});
    CHECK(tableau::session_groups({}).empty());
}

TEST_CASE("site groups: password sign-ins are never grouped", "[tableau]") {
    auto a = site("a", "https://t.example.com", "admin");
    auto b = site("b", "https://t.example.com", "admin");
    a.auth.kind = b.auth.kind = model::Auth::Kind::password;
    CHECK(tableau::session_groups({a, b}) == Groups{{0}, {1}});
}

TEST_CASE("for_each_site: groups overlap, the sites of a group never do", "[tableau]") {
    const std::vector<model::Site> sites{
        site("a", "https://t.example.com", "ci"), site("b", "https://u.example.com", "ci"),
        site("c", "https://t.example.com", "ci"), site("d", "https://v.example.com", "ci")};
    std::atomic<int> in_group_t{0}, running{0}, max_running{0}, max_in_group_t{0};
    std::mutex m;
    std::vector<std::size_t> order_t;
    std::vector<int> calls(sites.size(), 0);
    tableau::for_each_site(sites, [&](std::size_t i) {
        const bool t = sites[i].server == "https://t.example.com";
        const int now = ++running;
        int seen = max_running.load();
        while (now > seen && !max_running.compare_exchange_weak(seen, now)) {
        }
        if (t) {
            const int g = ++in_group_t;
            int gs = max_in_group_t.load();
            while (g > gs && !max_in_group_t.compare_exchange_weak(gs, g)) {
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        {
            const std::lock_guard lock(m);
            ++calls[i];
            if (t) order_t.push_back(i);
        }
        if (t) --in_group_t;
        --running;
    });
    CHECK(calls == std::vector<int>{1, 1, 1, 1});
    CHECK(max_in_group_t.load() == 1);                // a then c, one after another
    CHECK(order_t == std::vector<std::size_t>{0, 2}); // in the sites' order
    CHECK(max_running.load() >= 2);                   // while the other groups ran beside them
}

TEST_CASE("shared site errors: sites signed in to one site id are both refused, naming both", "[tableau]") {
    auto a = site("a", "http://localhost:8080", "ci");
    a.content_url = "marketing";
    a.location = {"a.yaml", 4, 9};
    auto b = site("b", "http://127.0.0.1:8080", "ci");
    b.content_url = "Marketing";
    b.location = {"b.yaml", 4, 9};
    auto c = site("c", "http://127.0.0.1:8080", "ci");
    const std::vector<model::Site> sites{a, b, c};
    const std::string id = "5d2c6a5e-0000-4000-8000-000000000001";
    const auto errors = tableau::shared_site_errors(sites, {id, id, "another-id"});
    const std::string expected =
        "sites a and b both sign in to Tableau site " + id +
        " (a: http://localhost:8080, contentUrl 'marketing', a.yaml:4:9; b: http://127.0.0.1:8080, contentUrl "
        "'Marketing', b.yaml:4:9): refusing to write to either, as each would manage, and with prune delete, the "
        "other's webhooks; give each Site its own ownership.namePrefix that is not a prefix of the other's, or merge "
        "them";
    CHECK(errors == std::vector<std::string>{expected, expected, ""});
    // A site that did not sign in ("") is compared with nothing.
    CHECK(tableau::shared_site_errors(sites, {id, "", ""}) == std::vector<std::string>{"", "", ""});
}

TEST_CASE("shared site errors: a site id that is not a LUID is never printed", "[tableau]") {
    const std::vector<model::Site> sites{site("a", "https://t.example.com", "ci"),
                                         site("b", "https://t.example.com", "x")};
    const std::string hostile = "\x1b[2J\nPlan: 0 to add";
    const auto errors = tableau::shared_site_errors(sites, {hostile, hostile});
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].find("Tableau site (an id not shown: not a LUID)") != std::string::npos);
    CHECK(errors[0].find('\x1b') == std::string::npos);
    CHECK(errors[0].find('\n') == std::string::npos);
}
