#include "report/doctor_render.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/json_text.hpp"
#include "util/escape.hpp"

namespace tabhook::report {

namespace {

using nlohmann::json;

void add(DoctorCounts& c, const std::vector<DoctorCheck>& checks) {
    for (const auto& check : checks) {
        if (check.status == CheckStatus::ok) ++c.ok;
        if (check.status == CheckStatus::warn) ++c.warn;
        if (check.status == CheckStatus::fail) ++c.fail;
    }
}

void render_checks(std::string& out, const std::vector<DoctorCheck>& checks) {
    for (const auto& c : checks) {
        out += fmt::format("  {:<5} {}: {}\n", to_string(c.status), util::for_terminal(c.name),
                           util::for_terminal(c.message));
        if (!c.fix.empty()) out += fmt::format("        fix: {}\n", util::for_terminal(c.fix));
    }
}

json checks_json(const std::vector<DoctorCheck>& checks) {
    json out = json::array();
    for (const auto& c : checks) {
        json item{{"check", c.name}, {"status", to_string(c.status)}, {"message", c.message}};
        if (!c.fix.empty()) item["fix"] = c.fix;
        out.push_back(std::move(item));
    }
    return out;
}

} // namespace

const char* to_string(CheckStatus s) {
    switch (s) {
    case CheckStatus::ok: return "ok";
    case CheckStatus::warn: return "warn";
    case CheckStatus::fail: return "fail";
    }
    return "?";
}

DoctorCounts count_checks(const DoctorReport& report) {
    DoctorCounts c;
    for (const auto& s : report.sites) {
        add(c, s.checks);
        add(c, s.canary_checks);
    }
    return c;
}

std::string render_doctor_text(const DoctorReport& report) {
    std::string out;
    for (const auto& s : report.sites) {
        out += fmt::format("site {} ({}, contentUrl \"{}\")\n", util::for_terminal(s.site),
                           util::for_terminal(s.server), util::for_terminal(s.content_url));
        render_checks(out, s.checks);
        if (s.canary) {
            out += "  canary (writes: a disposable webhook, deleted again)\n";
            render_checks(out, s.canary_checks);
            out += "  server profile (fake-tableau --profile rows):\n";
            for (const auto& r : s.profile) {
                out += fmt::format("    {:<17} {}", r.row, util::for_terminal(r.value));
                if (!r.evidence.empty()) out += fmt::format("  ({})", util::for_terminal(r.evidence));
                out += "\n";
            }
        }
        out += "\n";
    }
    const auto c = count_checks(report);
    out += fmt::format("{} ok, {} warn, {} fail\n", c.ok, c.warn, c.fail);
    return out;
}

std::string render_doctor_json(const DoctorReport& report) {
    json sites = json::array();
    for (const auto& s : report.sites) {
        json site{{"site", s.site},
                  {"server", s.server},
                  {"contentUrl", s.content_url},
                  {"checks", checks_json(s.checks)},
                  {"canary", s.canary}};
        if (s.canary) {
            site["canary_checks"] = checks_json(s.canary_checks);
            json profile = json::object();
            json evidence = json::object();
            for (const auto& r : s.profile) {
                profile[r.row] = r.value;
                if (!r.evidence.empty()) evidence[r.row] = r.evidence;
            }
            site["profile"] = std::move(profile);
            site["profile_evidence"] = std::move(evidence);
        }
        sites.push_back(std::move(site));
    }
    const auto c = count_checks(report);
    json doc{{"sites", std::move(sites)}, {"summary", {{"ok", c.ok}, {"warn", c.warn}, {"fail", c.fail}}}};
    return json_text(doc, 2) + "\n";
}

} // namespace tabhook::report
