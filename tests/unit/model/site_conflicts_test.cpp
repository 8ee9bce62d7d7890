#include <catch2/catch.hpp>

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "model/site_conflicts.hpp"

using namespace tabhook::model;
using Partners = std::vector<std::optional<std::size_t>>;

namespace {

Site site(const std::string& server, const std::string& content_url, std::optional<std::string> prefix = std::nullopt,
          Prune prune = Prune::owned) {
    Site s;
    s.server = server;
    s.content_url = content_url;
    s.name_prefix = std::move(prefix);
    s.prune = prune;
    return s;
}

Partners conflicts_of(const std::vector<Site>& sites) {
    std::vector<SiteTarget> targets;
    for (const auto& s : sites) targets.push_back({&s});
    return site_conflicts(targets);
}

} // namespace

TEST_CASE("site conflicts: the same server and contentUrl conflict, whatever the spelling", "[model]") {
    CHECK(conflicts_of({site("https://t.example.com", "marketing"), site("https://t.example.com", "marketing")}) ==
          Partners{1, 0});
    // contentUrl case, scheme and host case, a default port, a trailing slash.
    CHECK(conflicts_of({site("https://t.example.com", "marketing"), site("HTTPS://T.Example.COM:443/", "Marketing")}) ==
          Partners{1, 0});
    CHECK(conflicts_of({site("http://localhost:80", ""), site("http://LOCALHOST", "")}) == Partners{1, 0});
}

TEST_CASE("site conflicts: another site, server, port or path prefix is another Tableau site", "[model]") {
    CHECK(conflicts_of({site("https://t.example.com", "marketing"), site("https://t.example.com", "sales")}) ==
          Partners{std::nullopt, std::nullopt});
    CHECK(conflicts_of({site("https://t.example.com", "marketing"), site("https://u.example.com", "marketing")}) ==
          Partners{std::nullopt, std::nullopt});
    CHECK(conflicts_of({site("https://t.example.com", ""), site("https://t.example.com:8443", "")}) ==
          Partners{std::nullopt, std::nullopt});
    CHECK(conflicts_of({site("https://t.example.com/a", ""), site("https://t.example.com/b", "")}) ==
          Partners{std::nullopt, std::nullopt});
    // localhost and 127.0.0.1 are different spellings: only the site id at run time can tell.
    CHECK(conflicts_of({site("http://localhost:8080", "m"), site("http://127.0.0.1:8080", "m")}) ==
          Partners{std::nullopt, std::nullopt});
}

TEST_CASE("site conflicts: name prefixes that cannot overlap let two Sites share a site", "[model]") {
    const std::string s = "https://t.example.com";
    CHECK(conflicts_of({site(s, "m", "team-a-"), site(s, "m", "team-b-")}) == Partners{std::nullopt, std::nullopt});
    // One prefix starts with the other: the shorter one owns the longer one's names.
    CHECK(conflicts_of({site(s, "m", "team-"), site(s, "m", "team-b-")}) == Partners{1, 0});
    CHECK(conflicts_of({site(s, "m", "team-b-"), site(s, "m", "team-")}) == Partners{1, 0});
    CHECK(conflicts_of({site(s, "m", "team-"), site(s, "m", "team-")}) == Partners{1, 0});
    // Prefixes are compared as the planner compares names: case-sensitively.
    CHECK(conflicts_of({site(s, "m", "Team-"), site(s, "m", "team-")}) == Partners{std::nullopt, std::nullopt});
    // Only one prefix: the other Site owns every name.
    CHECK(conflicts_of({site(s, "m", "team-a-"), site(s, "m")}) == Partners{1, 0});
    // prune: all deletes whatever it does not declare, prefix or not.
    CHECK(conflicts_of({site(s, "m", "team-a-", Prune::all), site(s, "m", "team-b-")}) == Partners{1, 0});
    CHECK(conflicts_of({site(s, "m", "team-a-"), site(s, "m", "team-b-", Prune::all)}) == Partners{1, 0});
    CHECK(conflicts_of({site(s, "m", "team-a-", Prune::none), site(s, "m", "team-b-", Prune::none)}) ==
          Partners{std::nullopt, std::nullopt});
    CHECK(may_share_site(site(s, "m", "a-"), site(s, "m", "b-")));
    CHECK_FALSE(may_share_site(site(s, "m", "a-"), site(s, "m", "a-b-")));
}

TEST_CASE("site conflicts: an earlier partner is named first, a site conflicting only later names the later",
          "[model]") {
    const std::string s = "https://t.example.com";
    // b conflicts with neither a nor c; a and c are disjoint; d (no prefix) conflicts with all.
    const std::vector<Site> sites{site(s, "m", "x-a-"), site(s, "other", "x-"), site(s, "m", "x-c-"), site(s, "m")};
    CHECK(conflicts_of(sites) == Partners{3, std::nullopt, 3, 0});
    // A prefix that covers two earlier ones names the earlier of them.
    CHECK(conflicts_of({site(s, "m", "x-a-"), site(s, "m", "x-b-"), site(s, "m", "x-")}) == Partners{2, 2, 0});
}

TEST_CASE("site conflicts: site ids decide when both Sites have one", "[model]") {
    const Site a = site("http://localhost:8080", "m");
    const Site b = site("http://127.0.0.1:8080", "m");
    const Site c = site("http://localhost:8080", "m", "team-c-");
    CHECK(site_conflicts({{&a, true, "site-1"}, {&b, true, "site-1"}}) == Partners{1, 0});
    CHECK(site_conflicts({{&a, true, "site-1"}, {&b, true, "site-2"}}) == Partners{std::nullopt, std::nullopt});
    // Same address and contentUrl, but Tableau says two sites (a renamed site, a proxy): the id wins.
    CHECK(site_conflicts({{&a, true, "site-1"}, {&c, true, "site-2"}}) == Partners{std::nullopt, std::nullopt});
    // The namePrefix exception holds at run time too.
    const Site d = site("http://127.0.0.1:8080", "m", "team-d-");
    CHECK(site_conflicts({{&c, true, "site-1"}, {&d, true, "site-1"}}) == Partners{std::nullopt, std::nullopt});
}

TEST_CASE("site conflicts: a server not known (validate --offline) matches nothing by address", "[model]") {
    const Site a = site("${env:TABLEAU_SERVER_URL}", "m");
    const Site b = site("${env:TABLEAU_SERVER_URL}", "m");
    CHECK(site_conflicts({{&a, false}, {&b, false}}) == Partners{std::nullopt, std::nullopt});
    const Site c = site("https://t.example.com", "m");
    CHECK(site_conflicts({{&a, false}, {&c, true}}) == Partners{std::nullopt, std::nullopt});
    CHECK(server_address("not a url").empty());
    CHECK(server_address("HTTPS://T.example.com:443/tableau//") == "https://t.example.com/tableau");
}

TEST_CASE("site conflicts: agree with the pairwise rule on random sites", "[model]") {
    std::mt19937 rng(11);
    const std::vector<std::string> servers{"https://t.example.com", "https://T.example.com:443/",
                                           "https://u.example.com"};
    const std::vector<std::string> contents{"m", "M", "s"};
    const std::vector<std::optional<std::string>> prefixes{std::nullopt, "a", "ab", "abc", "b", "ba", "ac"};
    for (int round = 0; round < 500; ++round) {
        std::vector<Site> sites;
        const int n = 2 + static_cast<int>(rng() % 8);
        for (int i = 0; i < n; ++i)
            sites.push_back(site(servers[rng() % servers.size()], contents[rng() % contents.size()],
                                 prefixes[rng() % prefixes.size()], static_cast<Prune>(rng() % 3)));
        const Partners got = conflicts_of(sites);
        for (std::size_t i = 0; i < sites.size(); ++i) {
            const auto conflicts = [&](std::size_t j) {
                return j != i && same_tableau_site({&sites[i]}, {&sites[j]}) && !may_share_site(sites[i], sites[j]);
            };
            bool earlier = false;
            bool any = false;
            for (std::size_t j = 0; j < sites.size(); ++j) {
                any = any || conflicts(j);
                earlier = earlier || (j < i && conflicts(j));
            }
            INFO("round " << round << " site " << i);
            REQUIRE(got[i].has_value() == any);
            if (!any) continue;
            CHECK(conflicts(*got[i]));
            CHECK((*got[i] < i) == earlier);
        }
    }
}
