#include "daemon/logfmt.hpp"

#include <cstdio>

namespace tabhook::daemon {

std::string logfmt_value(std::string_view value) {
    bool plain = !value.empty();
    for (char c : value)
        if (c == ' ' || c == '=' || c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) plain = false;
    if (plain) return std::string(value);
    std::string out = "\"";
    for (char c : value) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
                out += buf;
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

LogLine::LogLine(std::string_view level, std::string_view msg) {
    text_ = "level=" + logfmt_value(level) + " msg=" + logfmt_value(msg);
}

LogLine& LogLine::kv(std::string_view key, std::string_view value) {
    text_ += ' ';
    text_ += key;
    text_ += '=';
    text_ += logfmt_value(value);
    return *this;
}

LogLine& LogLine::kv(std::string_view key, long long value) { return kv(key, std::to_string(value)); }

std::vector<std::string> drift_log_lines(const plan::SitePlan& site_plan) {
    std::vector<std::string> out;
    for (const auto& c : site_plan.changes) {
        std::string classes, reasons;
        for (const auto d : c.drift) classes += (classes.empty() ? "" : "+") + std::string(plan::to_string(d));
        for (const auto& r : c.reasons) reasons += (reasons.empty() ? "" : "; ") + r;
        LogLine line("warn", "drift");
        line.kv("site", site_plan.site).kv("webhook", c.name);
        if (c.live) line.kv("id", c.live->id);
        line.kv("class", classes).kv("repair", plan::to_string(c.action)).kv("reason", reasons);
        if (site_plan.suspended) line.kv("suspended", "true");
        out.push_back(line.str());
    }
    return out;
}

void StderrLog::write(const std::string& line) {
    const std::lock_guard lock(mutex_);
    std::fputs(line.c_str(), stderr);
    std::fputc('\n', stderr);
    std::fflush(stderr);
}

} // namespace tabhook::daemon
