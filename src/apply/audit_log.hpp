#pragma once
// An append-only audit log of every write, as JSON lines: time (UTC), site, action, webhook name and id,
// URL fingerprint, result. Never a secret: URLs are written redacted.
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "util/result.hpp"

namespace tabhook::apply {

struct AuditEntry {
    std::string site;
    std::string action; // create, delete, update, test
    std::string name;
    std::string id;
    std::string url; // raw: redacted on the way out
    bool ok = false;
    std::string detail; // already redacted (ApiError::message())
};

// Where each line's time comes from; empty: the system clock.
using AuditClock = std::function<std::chrono::system_clock::time_point()>;

// "2026-12-03T12:19:52.123Z": always UTC, whatever TZ says.
std::string audit_timestamp(std::chrono::system_clock::time_point t);

class AuditLog {
  public:
    // Opens `path` for appending, creating it with mode 0600 (the umask cannot widen that). Refused,
    // with the reason: a symbolic link (never followed), anything but a regular file (a FIFO would
    // block every write), and a file that group or others may write (they could forge or erase the
    // trail). A file that group or others may read is opened, with a warning(): the log holds no
    // secret, but it names every webhook and destination host.
    static Result<std::unique_ptr<AuditLog>> open(const std::string& path, AuditClock clock = {});
    ~AuditLog();
    AuditLog(const AuditLog&) = delete;
    AuditLog& operator=(const AuditLog&) = delete;

    // Empty, or why the file deserves a look (e.g. it is readable by others).
    const std::string& warning() const { return warning_; }

    // One whole line per entry, even from concurrent workers.
    void write(const AuditEntry& entry);

  private:
    AuditLog(int fd, AuditClock clock, std::string warning)
        : fd_(fd), clock_(std::move(clock)), warning_(std::move(warning)) {}
    int fd_;
    AuditClock clock_;
    std::string warning_;
    std::mutex mutex_;
};

} // namespace tabhook::apply
