#pragma once
// Signals for the daemon: SIGHUP asks for a reload, SIGTERM and SIGINT for a stop. The handlers only
// record (an atomic flag and one byte on a self-pipe); the loop waits on the pipe with poll(), so a signal
// ends a wait at once. A second SIGTERM/SIGINT ends the process the default way.
#include <atomic>
#include <chrono>

namespace tabhook::daemon {

enum class Wake { timeout, reload, stop };

// What the loop waits with. The real one wakes on signals; tests script the wakes.
class Waiter {
  public:
    virtual ~Waiter() = default;
    // Waits up to `timeout`; returns early on a stop or reload request (a pending one returns at once).
    virtual Wake wait_for(std::chrono::milliseconds timeout) = 0;
    virtual bool stop_requested() const = 0;
};

class SignalWaiter final : public Waiter {
  public:
    SignalWaiter();           // installs the handlers
    ~SignalWaiter() override; // restores the default handlers
    SignalWaiter(const SignalWaiter&) = delete;
    SignalWaiter& operator=(const SignalWaiter&) = delete;
    Wake wait_for(std::chrono::milliseconds timeout) override;
    bool stop_requested() const override;
    // Asks the loop to stop, as SIGTERM would (from another thread).
    void request_stop();
};

// Set once a stop is requested: clients stop retrying and apply starts nothing new.
const std::atomic<bool>& stop_flag();

} // namespace tabhook::daemon
