// The loop with a scripted waiter and a recording notifier: what systemd is told and when cycles run.
#include <catch2/catch.hpp>

#include <deque>
#include <string>
#include <vector>

#include "daemon/loop.hpp"

using namespace tabhook::daemon;
using std::chrono::milliseconds;

namespace {

class ScriptedWaiter final : public Waiter {
  public:
    std::deque<Wake> wakes;
    std::vector<milliseconds> waits;
    bool stop = false;
    Wake wait_for(milliseconds timeout) override {
        waits.push_back(timeout);
        if (wakes.empty()) return Wake::stop;
        const Wake w = wakes.front();
        wakes.pop_front();
        if (w == Wake::stop) stop = true;
        return w;
    }
    bool stop_requested() const override { return stop; }
};

class RecordingNotifier final : public Notifier {
  public:
    std::vector<std::string> messages;
    void notify(std::string_view m) override { messages.emplace_back(m); }
};

class FixedClock final : public Clock {
  public:
    SteadyTime now() const override { return SteadyTime(std::chrono::microseconds(123)); }
    double unix_now() const override { return 1.0; }
};

struct Harness {
    ScriptedWaiter waiter;
    RecordingNotifier notifier;
    FixedClock clock;
    std::vector<bool> reloads;
    std::vector<bool> failures; // per cycle, in order; later cycles succeed
    LoopDeps deps() {
        LoopDeps d{waiter, notifier, clock, {}, [] { return 0.5; }, {}};
        d.cycle = [this](bool reload) {
            const std::size_t n = reloads.size();
            reloads.push_back(reload);
            const bool failed = n < failures.size() && failures[n];
            return CycleSummary{failed, "cycle " + std::to_string(n + 1), failed ? 1 : 0};
        };
        return d;
    }
};

} // namespace

TEST_CASE("READY after the first cycle, STATUS after each, STOPPING at the end") {
    Harness h;
    h.waiter.wakes = {Wake::timeout, Wake::stop};
    LoopOptions o;
    o.schedule = schedule_for(milliseconds(1000));
    CHECK(run_loop(o, h.deps()) == 0);
    CHECK(h.reloads == std::vector<bool>{false, false});
    CHECK(h.notifier.messages == std::vector<std::string>{"STATUS=cycle 1", "READY=1", "STATUS=cycle 2", "STOPPING=1"});
    CHECK(h.waiter.waits == std::vector<milliseconds>{milliseconds(1000), milliseconds(1000)});
}

TEST_CASE("SIGHUP: RELOADING with the monotonic time, a forced cycle at once, then READY again") {
    Harness h;
    h.waiter.wakes = {Wake::reload, Wake::stop};
    LoopOptions o;
    o.schedule = schedule_for(milliseconds(1000));
    run_loop(o, h.deps());
    CHECK(h.reloads == std::vector<bool>{false, true});
    CHECK(h.notifier.messages == std::vector<std::string>{"STATUS=cycle 1", "READY=1",
                                                          "RELOADING=1\nMONOTONIC_USEC=123", "STATUS=cycle 2",
                                                          "READY=1", "STOPPING=1"});
}

TEST_CASE("failed cycles back off; a good one returns to the interval") {
    Harness h;
    h.failures = {true, true, false};
    h.waiter.wakes = {Wake::timeout, Wake::timeout, Wake::timeout, Wake::stop};
    LoopOptions o;
    o.schedule = schedule_for(milliseconds(1000));
    run_loop(o, h.deps());
    CHECK(h.waiter.waits ==
          std::vector<milliseconds>{milliseconds(1000), milliseconds(2000), milliseconds(1000), milliseconds(1000)});
}

TEST_CASE("with once set, one cycle runs and its exit code is returned") {
    Harness h;
    h.failures = {true};
    LoopOptions o;
    o.once = true;
    CHECK(run_loop(o, h.deps()) == 1);
    CHECK(h.waiter.waits.empty());
    CHECK(h.notifier.messages.back() == "STOPPING=1");
}

TEST_CASE("a stop requested before the first cycle runs none") {
    Harness h;
    h.waiter.stop = true;
    LoopOptions o;
    CHECK(run_loop(o, h.deps()) == 0);
    CHECK(h.reloads.empty());
    CHECK(h.notifier.messages == std::vector<std::string>{"STOPPING=1"});
}
