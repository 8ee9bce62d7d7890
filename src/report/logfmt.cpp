#include "report/logfmt.hpp"

#include "report/drift_render.hpp"
#include "util/escape.hpp"

namespace tabhook::report {

std::string logfmt_value(std::string_view value) {
    // Control characters, DEL, C1 and bidi controls shown as a terminal shows them (`\n`, `\x1b`, `\u009b`):
    // a log is read on a terminal too.
    std::string shown = util::for_terminal(value);
    const bool plain = !value.empty() && shown == value && shown.find_first_of(" =\"") == std::string::npos;
    if (plain) return shown;
    std::string out = "\"";
    for (const char c : shown) {
        if (c == '"') out += '\\';
        out += c;
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
        std::string reasons;
        for (const auto& r : c.reasons) reasons += (reasons.empty() ? "" : "; ") + r;
        LogLine line("warn", "drift");
        line.kv("site", site_plan.site).kv("webhook", c.name);
        if (c.live) line.kv("id", c.live->id);
        line.kv("class", drift_classes(c)).kv("repair", plan::to_string(c.action)).kv("reason", reasons);
        if (site_plan.suspended) line.kv("suspended", "true");
        out.push_back(line.str());
    }
    return out;
}

} // namespace tabhook::report
