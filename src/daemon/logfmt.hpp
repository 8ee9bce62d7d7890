#pragma once
// Structured log lines for journald: `level=warn msg=drift site=marketing webhook=gitops-a class=changed
// reason="..."`. No timestamp (journald adds one). Values that need it are quoted, with \" \\ \n escaped,
// so one finding is always one line.
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "plan/plan.hpp"

namespace tabhook::daemon {

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

// Where log lines go: stderr in the daemon, a vector in tests.
class Log {
  public:
    virtual ~Log() = default;
    virtual void write(const std::string& line) = 0;
    void write(const LogLine& line) { write(line.str()); }
};

class StderrLog final : public Log {
  public:
    using Log::write;
    void write(const std::string& line) override;

  private:
    std::mutex mutex_;
};

class MemoryLog final : public Log {
  public:
    using Log::write;
    void write(const std::string& line) override {
        const std::lock_guard lock(mutex_);
        lines.push_back(line);
    }
    std::vector<std::string> lines;

  private:
    std::mutex mutex_;
};

} // namespace tabhook::daemon
