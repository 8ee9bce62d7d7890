#include "apply/audit_log.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/json_text.hpp"
#include "util/url.hpp"

namespace tabhook::apply {

tableau::ApiResult<std::unique_ptr<AuditLog>> AuditLog::open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
        tableau::ApiError e;
        e.kind = tableau::ApiError::Kind::refused;
        e.summary = fmt::format("cannot open audit log {}: {}", path, std::strerror(errno));
        return tl::unexpected(e);
    }
    return std::unique_ptr<AuditLog>(new AuditLog(fd));
}

AuditLog::~AuditLog() { ::close(fd_); }

void AuditLog::write(const AuditEntry& entry) {
    const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    nlohmann::json line{{"time", fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", now)},
                        {"site", entry.site},
                        {"action", entry.action},
                        {"name", entry.name},
                        {"id", entry.id},
                        {"url", entry.url.empty() ? "" : util::redact_url(entry.url)},
                        {"result", entry.ok ? "ok" : "failed"}};
    if (!entry.detail.empty()) line["detail"] = entry.detail;
    const std::string text = report::json_text(line) + "\n";
    // One write(2) per line with O_APPEND: lines from concurrent workers never interleave.
    const std::lock_guard lock(mutex_);
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(fd_, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return; // the log is best effort; the run's own output still reports every write
        written += static_cast<std::size_t>(n);
    }
}

} // namespace tabhook::apply
