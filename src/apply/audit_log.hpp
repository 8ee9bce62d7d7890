#pragma once
// An append-only audit log of every write, as JSON lines: time, site, action, webhook name and id,
// URL fingerprint, result. Never a secret: URLs are written redacted.
#include <cstdio>
#include <mutex>
#include <string>

#include "tableau/client.hpp"

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

class AuditLog {
  public:
    // Opens (creating, mode 0600) for appending; an empty path disables the log.
    static tableau::ApiResult<std::unique_ptr<AuditLog>> open(const std::string& path);
    ~AuditLog();
    AuditLog(const AuditLog&) = delete;
    AuditLog& operator=(const AuditLog&) = delete;

    void write(const AuditEntry& entry);

  private:
    explicit AuditLog(int fd) : fd_(fd) {}
    int fd_;
    std::mutex mutex_;
};

} // namespace tabhook::apply
