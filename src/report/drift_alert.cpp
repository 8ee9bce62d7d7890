#include "report/drift_alert.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/drift_render.hpp"
#include "report/json_text.hpp"
#include "util/escape.hpp"

namespace tabhook::report {

using nlohmann::json;

namespace {

int count(const FindingSet& f) {
    std::size_t n = 0;
    for (const auto& [_, s] : f) n += s.size();
    return static_cast<int>(n);
}

std::string alert_text(const FindingSet& now, int drift, int before) {
    if (drift == 0)
        return fmt::format("tabhook: drift cleared; the sites match the manifests (was {} finding(s))", before);
    std::string text = fmt::format("tabhook: {} drift finding(s):", drift);
    for (const auto& [site, findings] : now)
        for (const auto& f : findings) text += fmt::format("\n- {}: {}", util::chat_text(site), util::chat_text(f));
    return text;
}

} // namespace

FindingSet drift_findings(const CycleReport& report, const FindingSet& previous) {
    FindingSet next;
    for (const auto& s : report.sites) {
        if (!s.listed) {
            if (const auto it = previous.find(s.site); it != previous.end()) next[s.site] = it->second;
            continue;
        }
        for (const auto& c : s.plan.changes) next[s.site].insert(fmt::format("{} ({})", c.name, drift_classes(c)));
    }
    return next;
}

std::string drift_alert_body(const FindingSet& now, const FindingSet& before, const CycleReport& report) {
    const int drift = count(now), previous = count(before);
    json sites = json::array();
    for (const auto& [site, findings] : now) {
        json list = json::array();
        for (const auto& f : findings) list.push_back(f);
        sites.push_back(json{{"site", site}, {"findings", std::move(list)}});
    }
    const json body{{"text", alert_text(now, drift, previous)},
                    {"drift", drift},
                    {"previous_drift", previous},
                    {"cleared", drift == 0},
                    {"mode", to_string(report.mode)},
                    {"cycle", report.number},
                    {"commit", report.commit ? json(*report.commit) : json(nullptr)},
                    {"sites", std::move(sites)}};
    return json_text(body);
}

} // namespace tabhook::report
