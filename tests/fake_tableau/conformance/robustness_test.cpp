// Bad input never crashes the server, bodies are bounded, and parallel clients see consistent state.
#include "harness.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <random>
#include <thread>

using namespace conformance;

TEST_CASE("a body over the limit is 413 with a Tableau error, and the server keeps serving") {
    fake::Options o;
    o.max_body_bytes = 64 * 1024;
    Fake f(o);
    const SignedIn s = f.admin();
    const std::string big = "<tsRequest><webhook name=\"" + std::string(100 * 1024, 'a') + "\"/></tsRequest>";
    const Reply r = f.as(s, "POST", f.hooks(s), big);
    CHECK(r.status == 413);
    CHECK(std::string(find(*r.xml(), "error").attribute("code").value()) == "413000");
    Client fresh(f.url());
    CHECK(fresh.get("/api/3.24/serverinfo").status == 200);
    const Json log = f.control_get("/_fake/requests")["requests"];
    bool logged = false;
    for (const auto& e : log) logged = logged || e["status"] == 413;
    CHECK(logged);
}

TEST_CASE("the default body limit is 1 MiB") {
    Fake f;
    const SignedIn s = f.admin();
    const Reply r = f.as(s, "POST", f.hooks(s), std::string(1024 * 1024 + 1, '<'));
    CHECK(r.status == 413);
}

TEST_CASE("garbage bodies get Tableau errors, never a crash") {
    Fake f;
    const SignedIn s = f.admin();
    std::mt19937 rng(42);
    std::vector<std::string> bodies = {
        std::string(200000, '['),
        std::string(200000, '{'),
        "<tsRequest>" + std::string(50000, '<') + "</tsRequest>",
        "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><tsRequest><webhook "
        "name=\"&b;\"/></tsRequest>",
        "<tsRequest><webhook name=\"\xff\xfe\" event=\"\x80\"/></tsRequest>",
        "{\"webhook\":{\"name\":\"\\ud800\",\"event\":null}}",
        "{\"webhook\":[]}",
        "null",
        std::string("\0\0\0", 3),
    };
    for (int i = 0; i < 50; ++i) {
        std::string b(static_cast<std::size_t>(rng() % 2000), '\0');
        for (auto& c : b) c = static_cast<char>(rng() % 256);
        bodies.push_back(b);
    }
    for (const auto& body : bodies) {
        for (const char* type : {"application/xml", "application/json"}) {
            const Reply r = f.http().request("POST", f.hooks(s), body, type, {{"X-Tableau-Auth", s.token}});
            CHECK(r.status == 400);
            const Reply si = f.http().request("POST", "/api/3.24/auth/signin", body, type);
            CHECK((si.status == 400 || si.status == 401));
        }
    }
    CHECK(f.http().get("/api/3.24/serverinfo").status == 200);
    CHECK(f.control_get("/_fake/webhooks")["webhooks"].empty());
}

TEST_CASE("16 concurrent keep-alive clients create and read webhooks consistently") {
    Fake f;
    const SignedIn s = f.admin();
    constexpr int kClients = 16;
    constexpr int kEach = 15;
    std::atomic<int> created{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int c = 0; c < kClients; ++c)
        threads.emplace_back([&, c] {
            Client cli(f.url());
            const Headers auth{{"X-Tableau-Auth", s.token}};
            for (int i = 0; i < kEach; ++i) {
                const Reply r = cli.request("POST", f.hooks(s),
                                            webhook_xml("c" + std::to_string(c) + "-" + std::to_string(i),
                                                        "WorkbookCreated", "", "https://e.example.com/x"),
                                            "application/xml", auth);
                if (r.status == 201)
                    ++created;
                else
                    ++failures;
                if (cli.get(f.hooks(s), auth).status != 200) ++failures;
            }
        });
    for (auto& t : threads) t.join();
    CHECK(failures == 0);
    CHECK(created == kClients * kEach);
    const Json all = f.control_get("/_fake/webhooks")["webhooks"];
    CHECK(all.size() == static_cast<std::size_t>(kClients * kEach));
    std::set<std::string> ids;
    for (const auto& w : all) ids.insert(w["id"].get<std::string>());
    CHECK(ids.size() == all.size());
}
