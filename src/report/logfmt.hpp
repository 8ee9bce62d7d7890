#pragma once
// Structured log lines for journald: `level=warn msg=drift site=marketing webhook=gitops-a class=changed
// reason="..."`. No timestamp (journald adds one). Values that need it are quoted, with \" \\ \n escaped,
// so one finding is always one line. Where the lines go is the daemon's (daemon/logfmt.hpp).
#include <string>
#include <string_view>
#include <vector>

#include "plan/plan.hpp"

namespace tabhook::report {

class LogLine {
  public:
    LogLine(std::string_view level, std::string_view msg);
    LogLine& kv(std::string_view key, std::string_view value);
    LogLine& kv(std::string_view key, long long value);
    const std::string& str() const { return text_; }

  private:
    std::string text_;
};

// A value as logfmt writes it: bare when it is a plain token, else quoted and escaped.
std::string logfmt_value(std::string_view value);

// One line per drift finding of a site's plan. Reasons show URLs only redacted (the planner's reasons).
std::vector<std::string> drift_log_lines(const plan::SitePlan& site_plan);

} // namespace tabhook::report
