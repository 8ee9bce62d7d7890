#include "daemon/drift_alert.hpp"

#include <cstdlib>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/json_text.hpp"
#include "util/escape.hpp"
#include "util/strings.hpp"
#include "util/url.hpp"

namespace tabhook::daemon {

using nlohmann::json;

namespace {

int count(const FindingSet& f) {
    std::size_t n = 0;
    for (const auto& [_, s] : f) n += s.size();
    return static_cast<int>(n);
}

} // namespace

std::optional<std::string> DriftAlerter::observe(const CycleReport& report) {
    if (!report.manifest_errors.empty()) return std::nullopt;
    FindingSet next;
    for (const auto& s : report.sites) {
        if (!s.listed) {
            if (const auto it = current_.find(s.site); it != current_.end()) next[s.site] = it->second;
            continue;
        }
        for (const auto& c : s.plan.changes) {
            std::string classes;
            for (const auto d : c.drift) classes += (classes.empty() ? "" : "+") + std::string(plan::to_string(d));
            next[s.site].insert(fmt::format("{} ({})", c.name, classes));
        }
    }
    current_ = std::move(next);
    if (current_ == acknowledged_) return std::nullopt;

    const int now = count(current_), before = count(acknowledged_);
    std::string text;
    if (now == 0) {
        text = fmt::format("tabhook: drift cleared; the sites match the manifests (was {} finding(s))", before);
    } else {
        text = fmt::format("tabhook: {} drift finding(s):", now);
        for (const auto& [site, findings] : current_)
            for (const auto& f : findings) text += fmt::format("\n- {}: {}", util::chat_text(site), util::chat_text(f));
    }
    json sites = json::array();
    for (const auto& [site, findings] : current_) {
        json list = json::array();
        for (const auto& f : findings) list.push_back(f);
        sites.push_back(json{{"site", site}, {"findings", std::move(list)}});
    }
    const json body{{"text", text},
                    {"drift", now},
                    {"previous_drift", before},
                    {"cleared", now == 0},
                    {"mode", to_string(report.mode)},
                    {"cycle", report.number},
                    {"commit", report.commit ? json(*report.commit) : json(nullptr)},
                    {"sites", std::move(sites)}};
    return report::json_text(body);
}

std::string read_notify_url(const std::string& file, std::string& error) {
    error.clear();
    if (!file.empty()) {
        std::ifstream in(file);
        std::string line;
        if (!in || !std::getline(in, line)) {
            error = fmt::format("cannot read the notify URL file {}", file);
            return "";
        }
        return std::string(util::trim(line));
    }
    const char* env = std::getenv("TABHOOK_NOTIFY_URL");
    return env ? std::string(util::trim(env)) : "";
}

bool AlertSender::send(const std::string& body) {
    std::string error;
    const std::string url = read_notify_url(url_file_, error);
    if (url.empty()) {
        log_.write(LogLine("error", "drift notification not sent").kv("error", error.empty() ? "no URL" : error));
        metrics_.count_notification("error");
        return false;
    }
    const auto parsed = util::parse_url(url);
    if (!parsed || !util::is_https_or_loopback_http(*parsed)) {
        log_.write(LogLine("error", "drift notification not sent")
                       .kv("url", util::redact_url(url))
                       .kv("error", "the notify URL must be https:// (http:// only for loopback)"));
        metrics_.count_notification("error");
        return false;
    }
    http::HttpRequest request;
    request.method = "POST";
    request.url = url;
    request.headers = {{"Content-Type", "application/json"}, {"Accept", "*/*"}};
    request.body = body;
    request.timeout = timeout_;
    request.connect_timeout = std::min(timeout_, std::chrono::milliseconds(10'000));
    auto response = transport_->send(request);
    const std::string shown = util::redact_url(url);
    if (!response) {
        log_.write(
            LogLine("error", "drift notification failed").kv("url", shown).kv("error", response.error().message));
        metrics_.count_notification("error");
        return false;
    }
    if (response->status < 200 || response->status > 299) {
        log_.write(LogLine("error", "drift notification failed").kv("url", shown).kv("status", response->status));
        metrics_.count_notification("error");
        return false;
    }
    log_.write(LogLine("info", "drift notification sent").kv("url", shown).kv("status", response->status));
    metrics_.count_notification("sent");
    return true;
}

} // namespace tabhook::daemon
