#include "apply/audit_log.hpp"

#include <cerrno>
#include <ctime>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/fd.hpp"
#include "report/json_text.hpp"
#include "util/url.hpp"

namespace tabhook::apply {

std::string audit_timestamp(std::chrono::system_clock::time_point t) {
    using namespace std::chrono;
    const auto ms = floor<milliseconds>(t);
    const auto s = floor<seconds>(ms);
    const std::time_t tt = system_clock::to_time_t(s);
    std::tm tm{};
    ::gmtime_r(&tt, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                       tm.tm_hour, tm.tm_min, tm.tm_sec, (ms - s).count());
}

Result<std::unique_ptr<AuditLog>> AuditLog::open(const std::string& path, AuditClock clock) {
    const auto refuse = [&path](const std::string& why) {
        return fail(fmt::format("cannot open the audit log {}: {}", path, why));
    };
    // O_NONBLOCK: opening a FIFO must not wait for a reader; it is refused below.
    util::UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600));
    if (!fd) {
        if (errno == ELOOP) return refuse("it is a symbolic link, which is never followed; name the file itself");
        if (errno == ENXIO) return refuse("it is not a regular file");
        return refuse(util::errno_text(errno));
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return refuse(util::errno_text(errno));
    if (!S_ISREG(st.st_mode)) return refuse("it is not a regular file");
    const unsigned mode = st.st_mode & 07777;
    if (mode & (S_IWGRP | S_IWOTH))
        return refuse(fmt::format("its mode {:04o} lets others rewrite it; chmod 0600 {}", mode, path));
    std::string warning;
    if (mode & (S_IRGRP | S_IROTH))
        warning = fmt::format("the audit log {} has mode {:04o}: others can read which webhooks and hosts were "
                              "written; chmod 0600 {} unless that is intended",
                              path, mode, path);
    ::fcntl(fd.get(), F_SETFL, O_APPEND);
    if (!clock) clock = [] { return std::chrono::system_clock::now(); };
    return std::unique_ptr<AuditLog>(new AuditLog(fd.release(), std::move(clock), std::move(warning)));
}

AuditLog::~AuditLog() { ::close(fd_); }

void AuditLog::write(const AuditEntry& entry) {
    nlohmann::json line{{"time", audit_timestamp(clock_())},
                        {"site", entry.site},
                        {"action", entry.action},
                        {"name", entry.name},
                        {"id", entry.id},
                        {"url", entry.url.empty() ? "" : util::redact_url(entry.url)},
                        {"result", entry.ok ? "ok" : "failed"}};
    if (!entry.detail.empty()) line["detail"] = entry.detail;
    // A name from the server that is not UTF-8 is written with U+FFFD rather than thrown on.
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
