#pragma once
// Where the daemon's log lines go: stderr (journald) in the daemon, a vector in tests. The lines themselves
// (logfmt, one finding per line) are report/logfmt.hpp's.
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include "report/logfmt.hpp"

namespace tabhook::daemon {

using report::drift_log_lines;
using report::logfmt_value;
using report::LogLine;

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
