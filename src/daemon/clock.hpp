#pragma once
// Time as the daemon reads it: a monotonic clock for intervals and a wall clock for reports and metrics.
// Behind an interface so tests can move time by hand.
#include <chrono>
#include <cstdint>

namespace tabhook::daemon {

using SteadyTime = std::chrono::steady_clock::time_point;

class Clock {
  public:
    virtual ~Clock() = default;
    virtual SteadyTime now() const = 0;
    virtual double unix_now() const = 0; // seconds since the epoch
    // CLOCK_MONOTONIC in microseconds, as systemd's MONOTONIC_USEC wants it.
    std::uint64_t monotonic_usec() const {
        return static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(now().time_since_epoch()).count());
    }
};

class SystemClock final : public Clock {
  public:
    SteadyTime now() const override { return std::chrono::steady_clock::now(); }
    double unix_now() const override {
        return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    }
};

} // namespace tabhook::daemon
