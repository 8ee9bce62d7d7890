#include "daemon/cycle_report.hpp"

#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/drift_render.hpp"
#include "report/exit_code.hpp"
#include "report/result_render.hpp"

namespace tabhook::daemon {

using nlohmann::json;

plan::Plan findings_plan(const CycleReport& report) {
    plan::Plan p;
    for (const auto& s : report.sites)
        if (s.listed || s.suspended) p.sites.push_back(without_in_sync(s.plan));
    return p;
}

void update_metrics(Metrics& metrics, const CycleReport& report) {
    metrics.set_manifests_valid(report.manifest_errors.empty());
    metrics.observe_cycle(report.duration_seconds, !report.failed());
    if (!report.manifest_errors.empty()) return; // the sites were not contacted: keep their last figures
    for (const auto& known : metrics.sites()) {
        bool present = false;
        for (const auto& s : report.sites) present = present || s.site == known;
        if (!present) metrics.forget_site(known);
    }
    for (const auto& s : report.sites) {
        metrics.set_site_ok(s.site, s.listed || (s.suspended && s.error.empty()));
        if (s.listed) {
            std::map<std::string, int> by_class;
            for (const auto& c : s.plan.changes)
                for (const auto d : c.drift) ++by_class[plan::to_string(d)];
            metrics.set_drift(s.site, by_class);
        }
        if (s.listed && s.ok() && !s.refused) metrics.set_last_success(s.site, report.started_unix);
        if (!s.suppressed.empty()) metrics.count_reenable_suppressed(s.site, static_cast<int>(s.suppressed.size()));
        if (s.applied) {
            std::map<std::string, int> ops;
            for (const auto& o : s.applied->outcomes) ++ops[plan::to_string(o.status)];
            for (const auto& [result, n] : ops) metrics.count_apply_operation(s.site, result, n);
            for (const auto& t : s.applied->tests) metrics.count_receiver_test(s.site, t.passed ? "passed" : "failed");
        }
    }
}

json cycle_report_json(const CycleReport& report) {
    json doc = report::drift_to_json(findings_plan(report), report::DriftContext{report.commit});
    json errors = json::array();
    for (const auto& s : report.sites)
        if (!s.error.empty()) errors.push_back(json{{"site", s.site}, {"error", s.error}});
    json enforce = json::array();
    for (const auto& s : report.sites) {
        if (!s.applied && !s.refused && s.suppressed.empty()) continue;
        json ops = json::array(), tests = json::array(), suppressed = json::array();
        if (s.applied) {
            for (const auto& o : s.applied->outcomes)
                ops.push_back(json{{"name", o.change.name},
                                   {"action", plan::to_string(o.change.action)},
                                   {"status", plan::to_string(o.status)},
                                   {"id", o.new_id},
                                   {"error", o.error}});
            for (const auto& t : s.applied->tests)
                tests.push_back(json{{"name", t.name},
                                     {"id", t.id},
                                     {"status", t.status ? json(*t.status) : json(nullptr)},
                                     {"answer", report::test_answer(t)},
                                     {"passed", t.passed}});
        }
        for (const auto& c : s.suppressed)
            suppressed.push_back(json{{"name", c.name}, {"id", c.live ? c.live->id : ""}});
        enforce.push_back(json{{"site", s.site},
                               {"refused", s.refused},
                               {"operations", std::move(ops)},
                               {"tests", std::move(tests)},
                               {"reenable_suppressed", std::move(suppressed)}});
    }
    doc["cycle"] = json{{"number", report.number},
                        {"mode", to_string(report.mode)},
                        {"started_at", report.started_unix},
                        {"duration_seconds", report.duration_seconds},
                        {"manifests_reparsed", report.reparsed},
                        {"manifest_errors", report.manifest_errors},
                        {"site_errors", std::move(errors)},
                        {"enforce", std::move(enforce)},
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
    report::ExitFacts facts;
    facts.error = !report.manifest_errors.empty();
    for (const auto& s : report.sites) {
        if (!s.ok()) facts.error = true;
        if (s.refused) facts.refused = true;
        if (s.applied)
            for (const auto& t : s.applied->tests)
                if (!t.passed && t.policy == model::TestPolicy::required) facts.test_failed = true;
    }
    facts.changes = report.findings() > 0;
    return report::exit_code(facts);
}

} // namespace tabhook::daemon
