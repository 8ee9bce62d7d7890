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
