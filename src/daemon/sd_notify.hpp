#pragma once
// systemd's notify protocol without libsystemd: one datagram per message to $NOTIFY_SOCKET (a path, or an
// abstract socket written with a leading '@'). Without NOTIFY_SOCKET every message is dropped, so the
// daemon runs unchanged outside systemd. The watchdog (WATCHDOG=1 every half $WATCHDOG_USEC) is here too.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace tabhook::daemon {

class Notifier {
  public:
    virtual ~Notifier() = default;
    // "READY=1", "STATUS=...", "RELOADING=1\nMONOTONIC_USEC=...", "STOPPING=1", "WATCHDOG=1".
    virtual void notify(std::string_view message) = 0;
};

class SdNotifier final : public Notifier {
  public:
    explicit SdNotifier(std::string socket_path) : path_(std::move(socket_path)) {}
    // From $NOTIFY_SOCKET (empty: a notifier that drops everything).
    static std::unique_ptr<SdNotifier> from_env();
    // Thread-safe: the loop and the watchdog thread both send.
    void notify(std::string_view message) override;
    bool enabled() const { return !path_.empty(); }
    // The last send's failure, for a log line; "" when it worked.
    std::string last_error() const {
        const std::lock_guard lock(mutex_);
        return last_error_;
    }

  private:
    void set_error(std::string error) {
        const std::lock_guard lock(mutex_);
        last_error_ = std::move(error);
    }
    const std::string path_;
    mutable std::mutex mutex_;
    std::string last_error_;
};

// How often to send WATCHDOG=1: half of $WATCHDOG_USEC, when it is set and $WATCHDOG_PID (if set) is us.
std::optional<std::chrono::microseconds> watchdog_period_from_env();

// Sends WATCHDOG=1 every period, on its own thread, while `alive` says the loop is alive (inside a cycle
// that has not overrun its bound, or waiting for the next one), so a hung loop is restarted by systemd.
class Watchdog {
  public:
    Watchdog(Notifier& notifier, std::chrono::microseconds period, std::function<bool()> alive);
    ~Watchdog(); // stops and joins
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    // A watchdog when systemd asked for one ($WATCHDOG_USEC) and the notifier sends anywhere; null otherwise.
    static std::unique_ptr<Watchdog> from_env(SdNotifier& notifier, std::function<bool()> alive);

  private:
    void run();
    Notifier& notifier_;
    const std::chrono::microseconds period_;
    const std::function<bool()> alive_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool done_ = false;
    std::thread thread_; // last: started once the rest is set
};

// Status lines are one line: newlines become spaces.
std::string status_message(std::string_view line);

} // namespace tabhook::daemon
