#include "daemon/status_page.hpp"

#include <ctime>

#include <fmt/format.h>

#include "report/json_text.hpp"

namespace tabhook::daemon {

namespace {

using nlohmann::json;

std::string str(const json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return "";
    return it->is_string() ? it->get<std::string>() : report::json_text(*it);
}

std::string utc(std::int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
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

} // namespace

void StatusBoard::record(const json& cycle_report, std::int64_t now_unix) {
    const std::lock_guard lock(mutex_);
    last_ = cycle_report;
    const auto cycle = cycle_report.find("cycle");
    if (cycle == cycle_report.end() || !cycle->contains("enforce")) return;
    for (const auto& site : (*cycle)["enforce"]) {
        if (!site.contains("tests")) continue;
        for (const auto& t : site["tests"])
            tests_[str(site, "site")][str(t, "name")] =
                json{{"status", t.contains("status") && t["status"].is_number_integer() ? t["status"] : json(nullptr)},
                     {"answer", str(t, "answer")},
                     {"passed", t.value("passed", false)},
                     {"at", now_unix}};
    }
}

json StatusBoard::snapshot() const {
    const std::lock_guard lock(mutex_);
    json tests = json::object();
    for (const auto& [site, by_name] : tests_)
        for (const auto& [name, t] : by_name) tests[site][name] = t;
    return json{{"cycle", last_}, {"tests", tests}};
}

std::string render_status_page(const json& snapshot, int refresh_seconds) {
    std::string body;
    const json& report = snapshot.contains("cycle") ? snapshot["cycle"] : json(nullptr);
    if (report.is_null()) {
        body += "<div class=\"card\">The first cycle has not completed yet.</div>";
    } else {
        const json& cycle = report.contains("cycle") ? report["cycle"] : json::object();
        const bool ok = cycle.value("ok", false);
        const int drift = report.value("drift", 0);
        body += fmt::format(
            "<div class=\"card\"><span class=\"badge {}\">{}</span> <span class=\"badge {}\">{}</span>"
            "<p class=\"meta\">Cycle {} in {} mode, started {}, took {:.2f} s{}.</p></div>",
            ok ? "b-ok" : "b-bad", ok ? "last cycle ok" : "last cycle had errors", drift ? "b-warn" : "b-ok",
            drift ? fmt::format("{} drift finding(s)", drift) : std::string("no drift"), cycle.value("number", 0),
            html_escape(str(cycle, "mode")), utc(cycle.value("started_at", std::int64_t{0})),
            cycle.value("duration_seconds", 0.0),
            report.contains("commit") && !report["commit"].is_null()
                ? fmt::format(", manifests at commit <code>{}</code>", html_escape(str(report, "commit")))
                : "");
        if (cycle.contains("manifest_errors") && !cycle["manifest_errors"].empty())
            body += fmt::format(
                "<div class=\"card bad\">The manifests are invalid ({} error(s)): no site was contacted.</div>",
                cycle["manifest_errors"].size());
        for (const auto& e : cycle.value("site_errors", json::array()))
            body += fmt::format("<div class=\"card\"><span class=\"bad\">site {}:</span> {}</div>",
                                html_escape(str(e, "site")), html_escape(str(e, "error")));
        for (const auto& site : report.value("sites", json::array())) {
            const std::string name = str(site, "site");
            const bool in_sync = site.value("in_sync", false);
            body += fmt::format("<h2>Site {} <span class=\"badge {}\">{}</span>{}</h2><p class=\"meta\">{}</p>",
                                html_escape(name), in_sync ? "b-ok" : "b-warn", in_sync ? "in sync" : "drift",
                                site.value("suspended", false) ? " <span class=\"badge b-warn\">suspended</span>" : "",
                                html_escape(str(site, "server")));
            const auto& findings = site.value("findings", json::array());
            if (!findings.empty()) {
                body += str(cycle, "mode") == "enforce"
                            ? "<p class=\"meta\">Found at the start of the cycle; enforce mode repairs what the safety "
                              "brakes allow.</p>"
                            : "<p class=\"meta\">Observe mode: reported, not repaired.</p>";
                body +=
                    "<div class=\"card\"><table><tr><th>webhook</th><th>class</th><th>reasons</th><th>repair</th></tr>";
                for (const auto& f : findings) {
                    std::string classes, reasons;
                    for (const auto& c : f.value("classes", json::array()))
                        classes += html_escape(c.get<std::string>()) + " ";
                    for (const auto& r : f.value("reasons", json::array()))
                        reasons += html_escape(r.get<std::string>()) + "<br>";
                    body +=
                        fmt::format("<tr><td><code>{}</code></td><td class=\"warn\">{}</td><td>{}</td><td>{}</td></tr>",
                                    html_escape(str(f, "name")), classes, reasons, html_escape(str(f, "repair")));
                }
                body += "</table></div>";
            }
            const auto& unmanaged = site.value("unmanaged", json::array());
            if (!unmanaged.empty()) {
                body += fmt::format("<p class=\"meta\">{} unmanaged webhook(s), never touched:", unmanaged.size());
                for (const auto& u : unmanaged)
                    body +=
                        fmt::format(" <code>{}</code> ({})", html_escape(str(u, "name")), html_escape(str(u, "owner")));
                body += "</p>";
            }
            const auto tests_it = snapshot["tests"].find(name);
            body += "<div class=\"card\"><table><tr><th>receiver test</th><th>Tableau's test "
                    "reported</th><th>result</th><th>when</th></tr>";
            if (tests_it == snapshot["tests"].end() || tests_it->empty()) {
                body += "<tr><td colspan=\"4\" class=\"meta\">No receiver test yet (tests run after enforce mode "
                        "changes a webhook).</td></tr>";
            } else {
                for (const auto& [webhook, t] : tests_it->items()) {
                    const bool passed = t.value("passed", false);
                    body += fmt::format(
                        "<tr><td><code>{}</code></td><td>{}</td><td class=\"{}\">{}</td><td>{}</td></tr>",
                        html_escape(webhook),
                        html_escape(str(t, "answer").empty() ? str(t, "status") : str(t, "answer")),
                        passed ? "ok" : "bad", passed ? "passed" : "failed", utc(t.value("at", std::int64_t{0})));
                }
            }
            body += "</table></div>";
        }
    }
    return fmt::format(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"refresh\" content=\"{}\"><meta name=\"viewport\" content=\"width=device-width, "
        "initial-scale=1\">"
        "<title>tabhook status</title><style>{}</style></head><body>"
        "<h1>tabhook</h1><p class=\"meta\">Tableau webhooks as code: the daemon's last cycle. This page refreshes "
        "every {} s; "
        "<a href=\"/metrics\">metrics</a> · <a href=\"/status.json\">status.json</a></p>{}</body></html>\n",
        refresh_seconds, kStyle, refresh_seconds, body);
}

} // namespace tabhook::daemon
