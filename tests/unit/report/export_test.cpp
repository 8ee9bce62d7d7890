#include <catch2/catch.hpp>

#include "manifest/loader.hpp"
#include "report/export.hpp"

using namespace tabhook;

TEST_CASE("export: URLs become references with their values in the secrets list", "[report][export]") {
    const model::LiveWebhooks live{
        {"2", "gitops-b", tabhook::model::Event("webhook-source-event-workbook-created"),
         "https://relay.example.com/SENTINEL-b", true, "", "u", "admin", ""},
        {"1", "gitops-a", tabhook::model::Event("DatasourceRefreshFailed"), "https://relay.example.com/SENTINEL-a",
         false, "off", "u", "admin", ""},
    };
    const auto e = report::export_webhooks(live, {"marketing", false, {}});
    CHECK(e.count == 2);
    CHECK(e.manifests.find("SENTINEL") == std::string::npos);
    CHECK(e.manifests.find("url: \"${env:TABHOOK_URL_GITOPS_A}\"") != std::string::npos);
    CHECK(e.manifests.find("event: \"WorkbookCreated\"") != std::string::npos); // normalised
    CHECK(e.manifests.find("enabled: false") != std::string::npos);
    CHECK(e.manifests.find("gitops-a") < e.manifests.find("gitops-b")); // sorted by name
    CHECK(e.secrets == std::vector<std::string>{"TABHOOK_URL_GITOPS_A='https://relay.example.com/SENTINEL-a'",
                                                "TABHOOK_URL_GITOPS_B='https://relay.example.com/SENTINEL-b'"});
}

TEST_CASE("export: duplicates keep the oldest, colliding variable names get a suffix", "[report][export]") {
    const model::LiveWebhooks live{
        {"1", "a.b", tabhook::model::Event("WorkbookCreated"), "https://x.example.com/1", true, "", "u", "admin",
         "2026-01-02T00:00:00Z"},
        {"2", "a.b", tabhook::model::Event("WorkbookCreated"), "https://x.example.com/2", true, "", "u", "admin",
         "2026-01-01T00:00:00Z"},
        {"3", "a_b", tabhook::model::Event("WorkbookCreated"), "https://x.example.com/3", true, "", "u", "admin", ""},
    };
    const auto e = report::export_webhooks(live, {"s", false, {}});
    CHECK(e.count == 2);
    REQUIRE(e.warnings.size() == 1);
    CHECK(e.warnings[0] == "webhook a.b (id 1) left out: another webhook carries the same name");
    CHECK(e.secrets == std::vector<std::string>{"TABHOOK_URL_A_B='https://x.example.com/2'",
                                                "TABHOOK_URL_A_B_2='https://x.example.com/3'"});
}

TEST_CASE("export: of same-named webhooks the planner's keeper is exported, whatever the list order",
          "[report][export]") {
    // Listed young first: age decides. One without createdAt comes after those with it.
    const model::LiveWebhooks timed{
        {"0", "w", tabhook::model::Event("WorkbookCreated"), "https://x.example.com/untimed", true, "", "u", "admin",
         ""},
        {"1", "w", tabhook::model::Event("WorkbookCreated"), "https://x.example.com/young", true, "", "u", "admin",
         "2026-03-01T00:00:00Z"},
        {"2", "w", tabhook::model::Event("WorkbookCreated"), "https://x.example.com/old", true, "", "u", "admin",
         "2026-01-01T00:00:00Z"},
    };
    CHECK(report::export_webhooks(timed, {"s", false, std::nullopt}).secrets ==
          std::vector<std::string>{"TABHOOK_URL_W='https://x.example.com/old'"});
    // No createdAt at all: the smallest id, not the first listed.
    const model::LiveWebhooks untimed{
        {"z", "w", tabhook::model::Event("WorkbookCreated"), "https://x.example.com/z", true, "", "u", "admin", ""},
        {"a", "w", tabhook::model::Event("WorkbookCreated"), "https://x.example.com/a", true, "", "u", "admin", ""},
    };
    const auto e = report::export_webhooks(untimed, {"s", false, std::nullopt});
    CHECK(e.secrets == std::vector<std::string>{"TABHOOK_URL_W='https://x.example.com/a'"});
    REQUIRE(e.warnings.size() == 1);
    CHECK(e.warnings[0] == "webhook w (id z) left out: another webhook carries the same name");
}

TEST_CASE("export: inline URLs escape what would read as a reference", "[report][export]") {
    const model::LiveWebhooks live{
        {"1", "w", tabhook::model::Event("WorkbookCreated"), "https://x.example.com/${x}", true, "", "u", "admin", ""}};
    const auto e = report::export_webhooks(live, {"s", true, {}});
    CHECK(e.secrets.empty());
    CHECK(e.manifests.find("url: \"https://x.example.com/$${x}\"") != std::string::npos);
}

namespace {

model::LiveWebhook hook(std::string id, std::string name, std::string event = tabhook::model::Event("WorkbookCreated"),
                        std::string url = "https://x.example.com/SENTINEL") {
    return model::LiveWebhook{
        std::move(id), std::move(name), tabhook::model::Event(event), std::move(url), true, "", "u", "admin", ""};
}

const model::LiveWebhooks kHostile{
    hook("1", "team-ok"),
    hook("2", "other-team"),
    hook("3", "team-${env:HOME}"),
    hook("4", "team-$${x}"),
    hook("5", "team-\x1b[2Jerase"),
    hook("6", "team-line\nPlan: 0 to add"),
    hook("7", "team-bad-utf8\xff\xfe"),
    hook("8", "   "),
    hook("9", "team-flow", "FlowCompleted"),
    hook("10", "team-http", tabhook::model::Event("WorkbookCreated"), "http://x.example.com/SENTINEL"),
    hook("11", "team-no-host", tabhook::model::Event("WorkbookCreated"), "https:///SENTINEL"),
    hook("12", "team-url-control", tabhook::model::Event("WorkbookCreated"), "https://x.example.com/a\rb"),
    hook("13\x1b[1A", "team-id-escape", "NotAnEvent"),
    hook("14", "team-loopback", tabhook::model::Event("WorkbookCreated"), "http://127.0.0.1:8080/SENTINEL"),
};

} // namespace

TEST_CASE("export: leaves out what validate would reject, naming each in a warning", "[report][export]") {
    for (const bool inline_urls : {false, true}) {
        const auto e = report::export_webhooks(kHostile, {"s", inline_urls, "team-"});
        CHECK(e.count == 2);
        CHECK(e.manifests.find("team-ok") != std::string::npos);
        CHECK(e.manifests.find("team-loopback") != std::string::npos);
        const std::vector<std::string> expected{
            "webhook other-team (id 2) left out: its name is outside the site's ownership.namePrefix 'team-'",
            "webhook team-${env:HOME} (id 3) left out: its name contains '${', which a manifest reads as a reference",
            "webhook team-$${x} (id 4) left out: its name contains '${', which a manifest reads as a reference",
            "webhook team-\\x1b[2Jerase (id 5) left out: its name contains a control character",
            "webhook team-line\\nPlan: 0 to add (id 6) left out: its name contains a control character",
            "webhook team-bad-utf8\\xff\\xfe (id 7) left out: its name is not valid UTF-8",
            "webhook     (id 8) left out: its name is blank",
            "webhook team-flow (id 9) left out: its event 'FlowCompleted' is not in tabhook's catalogue",
            "webhook team-http (id 10) left out: its URL does not use https:// (http://x.example.com/…#",
            "webhook team-no-host (id 11) left out: its URL is not a valid absolute URL",
            "webhook team-url-control (id 12) left out: its URL holds control characters",
            "webhook team-id-escape (id 13\\x1b[1A) left out: its event 'NotAnEvent' is not in tabhook's catalogue",
        };
        REQUIRE(e.warnings.size() == expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) CHECK(e.warnings[i].starts_with(expected[i]));
        for (const auto& w : e.warnings) {
            CHECK(w.find("SENTINEL") == std::string::npos);
            CHECK(w.find('\x1b') == std::string::npos);
            CHECK(w.find('\n') == std::string::npos);
        }
    }
}

TEST_CASE("export: what it writes loads without a diagnostic", "[report][export]") {
    const std::string site = "apiVersion: tabhook/v1\nkind: Site\nmetadata:\n  name: s\nspec:\n"
                             "  server: https://tableau.example.com\n  contentUrl: marketing\n"
                             "  ownership:\n    namePrefix: team-\n"
                             "  auth:\n    personalAccessToken:\n      name: n\n      secret: ${env:SECRET}\n";
    for (const bool inline_urls : {false, true}) {
        const auto e = report::export_webhooks(kHostile, {"s", inline_urls, "team-"});
        manifest::LoadOptions options;
        options.env = [&e](const std::string& name) -> std::optional<std::string> {
            if (name == "SECRET") return "secret";
            for (const auto& line : e.secrets)
                if (line.starts_with(name + "='")) return line.substr(name.size() + 2, line.size() - name.size() - 3);
            return std::nullopt;
        };
        const auto loaded = manifest::load_sources({{"site.yaml", site}, {"adopted.yaml", e.manifests}}, options);
        for (const auto& d : loaded.errors) FAIL_CHECK(manifest::to_string(d));
        CHECK(loaded.state.sites.size() == 1);
        CHECK(loaded.state.webhooks.size() == 2);
    }
}
