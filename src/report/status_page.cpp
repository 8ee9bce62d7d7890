#include "report/status_page.hpp"

#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/cycle_report.hpp"
#include "report/drift_render.hpp"
#include "report/result_render.hpp"
#include "util/escape.hpp"

namespace tabhook::report {

namespace {

using nlohmann::json;
using util::html_escape;

std::string utc(std::int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    // strftime returns 0 and leaves buf unspecified when the text does not fit (a year of many digits).
    if (std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0) return std::to_string(unix_seconds);
    return buf;
}

constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1d2330;background:#f7f8fa}
h1{font-size:1.4rem;margin:0 0 .2rem} h2{font-size:1.1rem;margin:1.6rem 0 .4rem}
.meta{color:#5b6475;font-size:.9rem} .card{background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:1rem 1.2rem;margin:1rem 0}
table{border-collapse:collapse;width:100%;font-size:.92rem} th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #eceff3;vertical-align:top}
th{color:#5b6475;font-weight:600} .ok{color:#1a7f37;font-weight:600} .bad{color:#c2261b;font-weight:600} .warn{color:#9a6700;font-weight:600}
.badge{display:inline-block;border-radius:999px;padding:.05rem .6rem;font-size:.8rem;font-weight:600}
.b-ok{background:#dafbe1;color:#1a7f37} .b-bad{background:#ffebe9;color:#c2261b} .b-warn{background:#fff8c5;color:#9a6700}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.88em}
)";

// The cycle's verdict, its drift count and when it ran; then the errors that kept sites unread.
std::string cycle_cards(const CycleReport& report, int drift) {
    const bool ok = !report.failed();
    std::string out = fmt::format(
        "<div class=\"card\"><span class=\"badge {}\">{}</span> <span class=\"badge {}\">{}</span>"
        "<p class=\"meta\">Cycle {} in {} mode, started {}, took {:.2f} s{}.</p></div>",
        ok ? "b-ok" : "b-bad", ok ? "last cycle ok" : "last cycle had errors", drift ? "b-warn" : "b-ok",
        drift ? fmt::format("{} drift finding(s)", drift) : std::string("no drift"), report.number,
        html_escape(to_string(report.mode)), utc(static_cast<std::int64_t>(report.started_unix)),
        report.duration_seconds,
        report.commit ? fmt::format(", manifests at commit <code>{}</code>", html_escape(*report.commit)) : "");
    if (!report.manifest_errors.empty())
        out +=
            fmt::format("<div class=\"card bad\">The manifests are invalid ({} error(s)): no site was contacted.</div>",
                        report.manifest_errors.size());
    for (const auto& s : report.sites)
        if (!s.error.empty())
            out += fmt::format("<div class=\"card\"><span class=\"bad\">site {}:</span> {}</div>", html_escape(s.site),
                               html_escape(s.error));
    return out;
}

std::string findings_table(const plan::SitePlan& s, Mode mode) {
    if (s.changes.empty()) return "";
    std::string out = mode == Mode::enforce ? "<p class=\"meta\">Found at the start of the cycle; enforce mode repairs "
                                              "what the safety brakes allow.</p>"
                                            : "<p class=\"meta\">Observe mode: reported, not repaired.</p>";
    out += "<div class=\"card\"><table><tr><th>webhook</th><th>class</th><th>reasons</th><th>repair</th></tr>";
    for (const auto& c : s.changes) {
        std::string classes, reasons;
        for (const auto d : c.drift) classes += html_escape(plan::to_string(d)) + " ";
        for (const auto& r : c.reasons) reasons += html_escape(r) + "<br>";
        out += fmt::format("<tr><td><code>{}</code></td><td class=\"warn\">{}</td><td>{}</td><td>{}</td></tr>",
                           html_escape(c.name), classes, reasons, html_escape(plan::to_string(c.action)));
    }
    return out + "</table></div>";
}

std::string unmanaged_line(const plan::SitePlan& s) {
    if (s.unmanaged.empty()) return "";
    std::string out = fmt::format("<p class=\"meta\">{} unmanaged webhook(s), never touched:", s.unmanaged.size());
    for (const auto& u : s.unmanaged)
        out += fmt::format(" <code>{}</code> ({})", html_escape(u.name), html_escape(u.owner_name));
    return out + "</p>";
}

std::string tests_table(const ReceiverTests& tests, const std::string& site) {
    std::string out = "<div class=\"card\"><table><tr><th>receiver test</th><th>Tableau's test "
                      "reported</th><th>result</th><th>when</th></tr>";
    const auto it = tests.find(site);
    if (it == tests.end() || it->second.empty()) {
        out += "<tr><td colspan=\"4\" class=\"meta\">No receiver test yet (tests run after enforce mode "
               "changes a webhook).</td></tr>";
    } else {
        for (const auto& [webhook, t] : it->second) {
            const std::string shown = !t.answer.empty() ? t.answer : t.status ? std::to_string(*t.status) : "";
            out += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td class=\"{}\">{}</td><td>{}</td></tr>",
                               html_escape(webhook), html_escape(shown), t.passed ? "ok" : "bad",
                               t.passed ? "passed" : "failed", utc(t.at));
        }
    }
    return out + "</table></div>";
}

std::string site_section(const plan::SitePlan& s, Mode mode, const ReceiverTests& tests) {
    const bool in_sync = s.error.empty() && s.changes.empty();
    return fmt::format("<h2>Site {} <span class=\"badge {}\">{}</span>{}</h2><p class=\"meta\">{}</p>",
                       html_escape(s.site), in_sync ? "b-ok" : "b-warn", in_sync ? "in sync" : "drift",
                       s.suspended ? " <span class=\"badge b-warn\">suspended</span>" : "", html_escape(s.server)) +
           findings_table(s, mode) + unmanaged_line(s) + tests_table(tests, s.site);
}

std::string page_body(const StatusSnapshot& snapshot) {
    if (!snapshot.cycle) return "<div class=\"card\">The first cycle has not completed yet.</div>";
    const CycleReport& report = *snapshot.cycle;
    const plan::Plan findings = findings_plan(report);
    std::string body = cycle_cards(report, count_drift(findings));
    for (const auto& s : findings.sites) body += site_section(s, report.mode, snapshot.tests);
    return body;
}

} // namespace

void record_tests(ReceiverTests& tests, const CycleReport& report, std::int64_t now_unix) {
    for (const auto& s : report.sites) {
        if (!s.applied) continue;
        for (const auto& t : s.applied->tests)
            tests[s.site][t.name] = ReceiverTestSeen{t.status, test_answer(t), t.passed, now_unix};
    }
}

json status_json(const StatusSnapshot& snapshot) {
    json tests = json::object();
    for (const auto& [site, by_name] : snapshot.tests)
        for (const auto& [name, t] : by_name)
            tests[site][name] = json{{"status", t.status ? json(*t.status) : json(nullptr)},
                                     {"answer", t.answer},
                                     {"passed", t.passed},
                                     {"at", t.at}};
    return json{{"cycle", snapshot.cycle ? cycle_report_json(*snapshot.cycle) : json(nullptr)}, {"tests", tests}};
}

std::string render_status_page(const StatusSnapshot& snapshot, int refresh_seconds) {
    return fmt::format(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"refresh\" content=\"{}\"><meta name=\"viewport\" content=\"width=device-width, "
        "initial-scale=1\">"
        "<title>tabhook status</title><style>{}</style></head><body>"
        "<h1>tabhook</h1><p class=\"meta\">Tableau webhooks as code: the daemon's last cycle. This page refreshes "
        "every {} s; "
        "<a href=\"/metrics\">metrics</a> · <a href=\"/status.json\">status.json</a></p>{}</body></html>\n",
        refresh_seconds, kStyle, refresh_seconds, page_body(snapshot));
}

} // namespace tabhook::report
