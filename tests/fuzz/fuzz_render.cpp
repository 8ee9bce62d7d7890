// libFuzzer target: whatever a server sends, once decoded, goes through every renderer without throwing
// or crashing. The input is one response body (JSON or XML, picked by its first character as the client
// does): its webhooks become a site's live list and are planned against a few declarations (some with
// the same names, so there are creates, replaces, deletes and unmanaged ones); its error body, if it is
// one, becomes a site's error and an operation's. Then: plan text (with and without colour), JSON,
// markdown and the saved plan; drift text, JSON and markdown; apply and test results in text, JSON and
// markdown; export with references and with inline URLs; the daemon's cycle report, status line, status
// JSON and status page. Every JSON output must be valid UTF-8 and parse back.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "daemon/status_board.hpp"
#include "report/cycle_report.hpp"
#include "report/status_page.hpp"
#include "plan/planner.hpp"
#include "report/drift_render.hpp"
#include "report/export.hpp"
#include "report/json_text.hpp"
#include "report/plan_render.hpp"
#include "report/result_render.hpp"
#include "report/saved_plan.hpp"
#include "tableau/codec.hpp"
#include "util/strings.hpp"

using namespace tabhook;

namespace {

void check(bool condition) {
    if (!condition) std::abort();
}

void check_json(const std::string& text) {
    check(util::is_valid_utf8(text));
    check(!nlohmann::json::parse(text, nullptr, false).is_discarded());
}

model::Site make_site(std::string name, model::Prune prune) {
    model::Site site;
    site.name = std::move(name);
    site.server = "https://tableau.example.com";
    site.content_url = "marketing";
    site.prune = prune;
    return site;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    model::LiveWebhooks live;
    if (auto page = tableau::codec::decode_webhook_page(body)) live = std::move(page->webhooks);
    if (auto one = tableau::codec::decode_webhook(body)) live.push_back(std::move(*one));
    std::string error;
    if (auto e = tableau::codec::decode_error(body)) error = e->code + " " + e->summary + ": " + e->detail;
    for (auto& w : live) // the decoders' rule: every string is valid UTF-8
        for (const std::string* s :
             std::initializer_list<const std::string*>{&w.id, &w.name, &w.event.str(), &w.url, &w.status_change_reason,
                                                       &w.owner_id, &w.owner_name, &w.created_at})
            check(util::is_valid_utf8(*s));
    check(util::is_valid_utf8(error));

    // Declarations: the first few live names with other URLs (replaces), and one of tabhook's own.
    const model::Site site = make_site("marketing", size % 2 == 0 ? model::Prune::owned : model::Prune::all);
    std::vector<model::Webhook> declared;
    for (std::size_t i = 0; i < live.size() && i < 3; ++i)
        declared.push_back({live[i].name,
                            site.name,
                            model::Event("WorkbookCreated"),
                            "https://relay.example.com/" + std::to_string(i),
                            i % 2 == 0,
                            model::TestPolicy::required,
                            {},
                            {}});
    declared.push_back({"gitops-own",
                        site.name,
                        model::Event("DatasourceRefreshFailed"),
                        "https://relay.example.com/own",
                        true,
                        model::TestPolicy::best_effort,
                        {},
                        {}});
    const std::string self = live.empty() ? "me" : live.front().owner_id;
    plan::Plan p;
    p.sites.push_back(plan::plan_site(site, declared, live, {self, "3.24"}, {true, true}));
    plan::SitePlan unread = plan::site_header(make_site("broken", model::Prune::none), {});
    unread.error = error.empty() ? "could not list" : error;
    p.sites.push_back(unread);

    (void)report::render_plan_text(p, {false});
    (void)report::render_plan_text(p, {true});
    check_json(report::render_plan_json(p));
    (void)report::render_plan_markdown(p);
    (void)report::render_plan_markdown(p, 2000);
    check_json(report::json_text(report::make_saved_plan(p, {site, make_site("broken", model::Prune::none)})));
    (void)report::count_drift(p);
    (void)report::render_drift_text(p, {"0123abc"}, {false});
    check_json(report::render_drift_json(p, {}));
    (void)report::render_drift_markdown(p, {});

    plan::Result result;
    for (const auto& sp : p.sites) {
        plan::SiteResult sr;
        sr.site = sp.site;
        sr.error = sp.error;
        int i = 0;
        for (const auto& c : sp.changes) {
            plan::Outcome o;
            o.change = c;
            o.status = i % 3 == 0 ? plan::Outcome::Status::done
                                  : (i % 3 == 1 ? plan::Outcome::Status::failed : plan::Outcome::Status::skipped);
            if (o.status == plan::Outcome::Status::failed) o.error = error;
            o.new_id = c.live ? c.live->id : "";
            sr.outcomes.push_back(std::move(o));
            sr.tests.push_back({c.name, c.live ? c.live->id : "", "https://relay.example.com/…#00000000",
                                model::TestPolicy::required, i * 100, 1, i % 2 == 0, error});
            ++i;
        }
        result.sites.push_back(std::move(sr));
    }
    for (const auto command : {plan::Result::Command::apply, plan::Result::Command::test}) {
        result.command = command;
        (void)report::render_result_text(result, {false});
        (void)report::render_result_text(result, {false, true});
        check_json(report::render_result_json(result));
        (void)report::render_result_markdown(result);
    }

    for (const bool inline_urls : {false, true}) {
        const report::Export out = report::export_webhooks(live, {site.name, inline_urls});
        check(out.count >= 0);
    }

    report::CycleReport cycle;
    cycle.number = 7;
    cycle.mode = size % 3 == 0 ? report::Mode::enforce : report::Mode::observe;
    if (!error.empty()) cycle.manifest_errors.push_back(error);
    for (std::size_t i = 0; i < p.sites.size(); ++i) {
        report::SiteOutcome outcome;
        outcome.site = p.sites[i].site;
        outcome.listed = p.sites[i].error.empty();
        outcome.error = p.sites[i].error;
        outcome.plan = p.sites[i];
        if (cycle.mode == report::Mode::enforce && i < result.sites.size()) outcome.applied = result.sites[i];
        cycle.sites.push_back(std::move(outcome));
    }
    const nlohmann::json report_json = report::cycle_report_json(cycle);
    check_json(report::json_text(report_json, 2));
    (void)report::status_line(cycle);
    (void)report::once_exit_code(cycle);
    (void)report::findings_plan(cycle);
    daemon::StatusBoard board;
    board.record(cycle, 1'700'000'000);
    board.record(cycle, 1'700'000'060);
    check_json(report::json_text(report::status_json(board.snapshot()), 2));
    (void)report::render_status_page(board.snapshot());
    return 0;
}
