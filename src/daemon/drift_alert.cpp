#include "daemon/drift_alert.hpp"

#include <cstdlib>
#include <fstream>

#include <fmt/format.h>

#include "util/strings.hpp"
#include "util/url.hpp"

namespace tabhook::daemon {

std::optional<std::string> DriftAlerter::observe(const report::CycleReport& report) {
    if (!report.manifest_errors.empty()) return std::nullopt;
    current_ = report::drift_findings(report, current_);
    if (current_ == acknowledged_) return std::nullopt;
    return report::drift_alert_body(current_, acknowledged_, report);
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
    // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing in tabhook writes the environment (no setenv/putenv)
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
