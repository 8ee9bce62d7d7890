#include "daemon/signals.hpp"

#include <cerrno>
#include <algorithm>
#include <csignal>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace tabhook::daemon {

namespace {

std::atomic<bool> g_stop{false};
std::atomic<bool> g_reload{false};
int g_pipe[2] = {-1, -1};

void poke() {
    if (g_pipe[1] >= 0) {
        const char byte = 1;
        [[maybe_unused]] const ssize_t n = ::write(g_pipe[1], &byte, 1); // a full pipe already wakes the loop
    }
}

extern "C" void on_signal(int sig) {
    const int saved = errno;
    if (sig == SIGHUP) {
        g_reload.store(true);
    } else {
        g_stop.store(true);
        // The next SIGTERM/SIGINT ends the process the default way.
        struct sigaction sa {};
        sa.sa_handler = SIG_DFL;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGTERM, &sa, nullptr);
        sigaction(SIGINT, &sa, nullptr);
    }
    poke();
    errno = saved;
}

void drain() {
    char buf[64];
    while (::read(g_pipe[0], buf, sizeof buf) > 0) {
    }
}

} // namespace

const std::atomic<bool>& stop_flag() { return g_stop; }

SignalWaiter::SignalWaiter() {
    if (g_pipe[0] < 0 && ::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) g_pipe[0] = g_pipe[1] = -1;
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGHUP, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    static_cast<void>(std::signal(SIGPIPE, SIG_IGN)); // cannot fail for SIGPIPE and SIG_IGN
}

SignalWaiter::~SignalWaiter() {
    struct sigaction sa {};
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGHUP, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
}

bool SignalWaiter::stop_requested() const { return g_stop.load(); }

void SignalWaiter::request_stop() {
    g_stop.store(true);
    poke();
}

Wake SignalWaiter::wait_for(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (g_stop.load()) return Wake::stop;
        if (g_reload.exchange(false)) return Wake::reload;
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return Wake::timeout;
        if (g_pipe[0] < 0) {
            ::usleep(static_cast<useconds_t>(std::min<long long>(left.count(), 100) * 1000));
            continue;
        }
        pollfd p{g_pipe[0], POLLIN, 0};
        const int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 60'000)));
        if (n > 0) drain();
    }
}

} // namespace tabhook::daemon
