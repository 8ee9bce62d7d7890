#include "report/cycle_report.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/drift_render.hpp"
#include "report/exit_code.hpp"
#include "report/result_render.hpp"

namespace tabhook::report {

using nlohmann::json;

namespace {

json operations_json(const plan::SiteResult& applied) {
    json ops = json::array();
    for (const auto& o : applied.outcomes)
        ops.push_back(json{{"name", o.change.name},
                           {"action", plan::to_string(o.change.action)},
                           {"status", plan::to_string(o.status)},
                           {"id", o.new_id},
                           {"error", o.error}});
    return ops;
}

json tests_json(const plan::SiteResult& applied) {
    json tests = json::array();
    for (const auto& t : applied.tests)
        tests.push_back(json{{"name", t.name},
                             {"id", t.id},
                             {"status", t.status ? json(*t.status) : json(nullptr)},
                             {"answer", test_answer(t)},
                             {"passed", t.passed}});
    return tests;
}

// What enforce mode did on each site where it did (or held back) anything.
json enforce_json(const CycleReport& report) {
    json enforce = json::array();
    for (const auto& s : report.sites) {
        if (!s.applied && !s.refused && s.suppressed.empty()) continue;
        json suppressed = json::array();
        for (const auto& c : s.suppressed)
            suppressed.push_back(json{{"name", c.name}, {"id", c.live ? c.live->id : ""}});
        enforce.push_back(json{{"site", s.site},
                               {"refused", s.refused},
                               {"operations", s.applied ? operations_json(*s.applied) : json::array()},
                               {"tests", s.applied ? tests_json(*s.applied) : json::array()},
                               {"reenable_suppressed", std::move(suppressed)}});
    }
    return enforce;
}

} // namespace

plan::Plan findings_plan(const CycleReport& report) {
    plan::Plan p;
    for (const auto& s : report.sites)
        if (s.listed || s.suspended) p.sites.push_back(without_in_sync(s.plan));
    return p;
}

json cycle_report_json(const CycleReport& report) {
    json doc = drift_to_json(findings_plan(report), DriftContext{report.commit});
    json errors = json::array();
    for (const auto& s : report.sites)
        if (!s.error.empty()) errors.push_back(json{{"site", s.site}, {"error", s.error}});
    doc["cycle"] = json{{"number", report.number},
                        {"mode", to_string(report.mode)},
                        {"started_at", report.started_unix},
                        {"duration_seconds", report.duration_seconds},
                        {"manifests_reparsed", report.reparsed},
                        {"manifest_errors", report.manifest_errors},
                        {"site_errors", std::move(errors)},
                        {"enforce", enforce_json(report)},
                        {"ok", !report.failed()}};
    return doc;
}

std::string status_line(const CycleReport& report) {
    if (!report.manifest_errors.empty())
        return fmt::format("{}: manifests invalid ({} error(s)); no site contacted (cycle {})", to_string(report.mode),
                           report.manifest_errors.size(), report.number);
    int errors = 0, applied = 0, suppressed = 0;
    for (const auto& s : report.sites) {
        errors += s.ok() ? 0 : 1;
        suppressed += static_cast<int>(s.suppressed.size());
        if (s.applied)
            for (const auto& o : s.applied->outcomes) applied += o.status == plan::Outcome::Status::done ? 1 : 0;
    }
    std::string line = fmt::format("{}: {} site(s), {} drift finding(s), {} site error(s)", to_string(report.mode),
                                   report.sites.size(), report.findings(), errors);
    if (report.mode == Mode::enforce) line += fmt::format(", {} change(s) applied", applied);
    if (suppressed) line += fmt::format(", {} re-enable(s) suppressed", suppressed);
    line += fmt::format(" (cycle {}, {:.2f}s)", report.number, report.duration_seconds);
    return line;
}

int once_exit_code(const CycleReport& report) {
    ExitFacts facts;
    facts.error = !report.manifest_errors.empty();
    for (const auto& s : report.sites) {
        if (!s.ok()) facts.error = true;
        if (s.refused) facts.refused = true;
        if (s.applied)
            for (const auto& t : s.applied->tests)
                if (!t.passed && t.policy == model::TestPolicy::required) facts.test_failed = true;
    }
    facts.changes = report.findings() > 0;
    return exit_code(facts);
}

} // namespace tabhook::report
