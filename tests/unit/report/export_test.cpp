#include <catch2/catch.hpp>

#include "report/export.hpp"

using namespace tabhook;

TEST_CASE("export: URLs become references with their values in the secrets list", "[report][export]") {
    const model::LiveWebhooks live{
        {"2", "gitops-b", "webhook-source-event-workbook-created", "https://relay.example.com/SENTINEL-b", true, "",
         "u", "admin", ""},
        {"1", "gitops-a", "DatasourceRefreshFailed", "https://relay.example.com/SENTINEL-a", false, "off", "u", "admin",
         ""},
    };
    const auto e = report::export_webhooks(live, {"marketing", false});
    CHECK(e.count == 2);
    CHECK(e.manifests.find("SENTINEL") == std::string::npos);
    CHECK(e.manifests.find("url: \"${env:TABHOOK_URL_GITOPS_A}\"") != std::string::npos);
    CHECK(e.manifests.find("event: \"WorkbookCreated\"") != std::string::npos); // normalised
    CHECK(e.manifests.find("enabled: false") != std::string::npos);
    CHECK(e.manifests.find("gitops-a") < e.manifests.find("gitops-b")); // sorted by name
    CHECK(e.secrets == std::vector<std::string>{"TABHOOK_URL_GITOPS_A=https://relay.example.com/SENTINEL-a",
                                                "TABHOOK_URL_GITOPS_B=https://relay.example.com/SENTINEL-b"});
}

TEST_CASE("export: duplicates keep the oldest, colliding variable names get a suffix", "[report][export]") {
    const model::LiveWebhooks live{
        {"1", "a.b", "WorkbookCreated", "https://x.example.com/1", true, "", "u", "admin", "2026-01-02T00:00:00Z"},
        {"2", "a.b", "WorkbookCreated", "https://x.example.com/2", true, "", "u", "admin", "2026-01-01T00:00:00Z"},
        {"3", "a_b", "WorkbookCreated", "https://x.example.com/3", true, "", "u", "admin", ""},
    };
    const auto e = report::export_webhooks(live, {"s", false});
    CHECK(e.count == 2);
    REQUIRE(e.warnings.size() == 1);
    CHECK(e.warnings[0] == "webhook a.b (id 1) left out: another webhook carries the same name");
    CHECK(e.secrets == std::vector<std::string>{"TABHOOK_URL_A_B=https://x.example.com/2",
                                                "TABHOOK_URL_A_B_2=https://x.example.com/3"});
}

TEST_CASE("export: of same-named webhooks the planner's keeper is exported, whatever the list order",
          "[report][export]") {
    // Listed young first: age decides. One without createdAt comes after those with it.
    const model::LiveWebhooks timed{
        {"0", "w", "WorkbookCreated", "https://x.example.com/untimed", true, "", "u", "admin", ""},
        {"1", "w", "WorkbookCreated", "https://x.example.com/young", true, "", "u", "admin", "2026-03-01T00:00:00Z"},
        {"2", "w", "WorkbookCreated", "https://x.example.com/old", true, "", "u", "admin", "2026-01-01T00:00:00Z"},
    };
    CHECK(report::export_webhooks(timed, {"s", false}).secrets ==
          std::vector<std::string>{"TABHOOK_URL_W=https://x.example.com/old"});
    // No createdAt at all: the smallest id, not the first listed.
    const model::LiveWebhooks untimed{
        {"z", "w", "WorkbookCreated", "https://x.example.com/z", true, "", "u", "admin", ""},
        {"a", "w", "WorkbookCreated", "https://x.example.com/a", true, "", "u", "admin", ""},
    };
    const auto e = report::export_webhooks(untimed, {"s", false});
    CHECK(e.secrets == std::vector<std::string>{"TABHOOK_URL_W=https://x.example.com/a"});
    REQUIRE(e.warnings.size() == 1);
    CHECK(e.warnings[0] == "webhook w (id z) left out: another webhook carries the same name");
}

TEST_CASE("export: inline URLs escape what would read as a reference", "[report][export]") {
    const model::LiveWebhooks live{
        {"1", "w", "WorkbookCreated", "https://x.example.com/${x}", true, "", "u", "admin", ""}};
    const auto e = report::export_webhooks(live, {"s", true});
    CHECK(e.secrets.empty());
    CHECK(e.manifests.find("url: \"https://x.example.com/$${x}\"") != std::string::npos);
}
