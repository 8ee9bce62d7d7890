#include "daemon/sd_notify.hpp"

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace tabhook::daemon {

std::unique_ptr<SdNotifier> SdNotifier::from_env() {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing in tabhook writes the environment (no setenv/putenv)
    const char* path = std::getenv("NOTIFY_SOCKET");
    return std::make_unique<SdNotifier>(path ? path : "");
}

void SdNotifier::notify(std::string_view message) {
    if (path_.empty()) return;
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path_.size() >= sizeof(addr.sun_path) || (path_[0] != '/' && path_[0] != '@')) {
        set_error("NOTIFY_SOCKET is not an absolute path or an abstract socket name");
        return;
    }
    std::memcpy(addr.sun_path, path_.data(), path_.size());
    if (path_[0] == '@') addr.sun_path[0] = '\0';
    const auto length =
        static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path_.size() + (path_[0] == '@' ? 0 : 1));
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        set_error(std::generic_category().message(errno)); // strerror is not thread-safe
        return;
    }
    const ssize_t sent =
        ::sendto(fd, message.data(), message.size(), MSG_NOSIGNAL, reinterpret_cast<const sockaddr*>(&addr), length);
    set_error(sent < 0 ? std::generic_category().message(errno) : std::string()); // not strerror: threads
    ::close(fd);
}

std::optional<std::chrono::microseconds> watchdog_period_from_env() {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing in tabhook writes the environment (no setenv/putenv)
    const char* usec = std::getenv("WATCHDOG_USEC");
    if (!usec || !*usec) return std::nullopt;
    // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing in tabhook writes the environment (no setenv/putenv)
    if (const char* pid = std::getenv("WATCHDOG_PID"); pid && *pid) {
        if (std::strtoll(pid, nullptr, 10) != static_cast<long long>(::getpid())) return std::nullopt;
    }
    char* end = nullptr;
    const long long value = std::strtoll(usec, &end, 10);
    if (!end || *end != '\0' || value <= 0) return std::nullopt;
    return std::chrono::microseconds(value / 2);
}

Watchdog::Watchdog(Notifier& notifier, std::chrono::microseconds period, std::function<bool()> alive)
    : notifier_(notifier), period_(period), alive_(std::move(alive)), thread_([this] { run(); }) {}

Watchdog::~Watchdog() {
    {
        const std::lock_guard lock(mutex_);
        done_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

std::unique_ptr<Watchdog> Watchdog::from_env(SdNotifier& notifier, std::function<bool()> alive) {
    const auto period = watchdog_period_from_env();
    if (!period || !notifier.enabled()) return nullptr;
    return std::make_unique<Watchdog>(notifier, *period, std::move(alive));
}

void Watchdog::run() {
    std::unique_lock lock(mutex_);
    while (!done_) {
        if (alive_()) notifier_.notify("WATCHDOG=1");
        cv_.wait_for(lock, period_, [this] { return done_; });
    }
}

std::string status_message(std::string_view line) {
    std::string out = "STATUS=";
    for (char c : line) out += (c == '\n' || c == '\r') ? ' ' : c;
    return out;
}

} // namespace tabhook::daemon
