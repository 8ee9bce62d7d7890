#pragma once
// The one way tabhook runs another program: argv handed to posix_spawnp as is (no shell, so no quoting
// and nothing in an argument is ever interpreted), stdin from /dev/null, stdout and stderr captured up
// to a cap, a deadline, and an optional stop token that ends the child early.
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "util/stop_token.hpp"

namespace tabhook::util {

struct ProcessOptions {
    std::chrono::milliseconds timeout{10'000};
    StopToken stop{};                                // a stop requested: the child is killed, as at the deadline
    bool merge_stderr = false;                       // true: stderr goes into `out`, interleaved as written
    std::size_t max_output = std::size_t{64} * 1024; // per stream; the rest is read and dropped
};

struct ProcessOutcome {
    int exit_status = -1; // -1: could not run, killed by a signal, or killed at the deadline/stop
    std::string out;      // stdout (and stderr when merged), capped
    std::string err;      // stderr, capped
    // "cannot run NAME" (in `out` when merged, else in `err`) when the program could not be started.
    bool timed_out = false; // killed at the deadline or because a stop was requested
};

// Runs argv[0] (looked up in PATH) with argv as its arguments. An empty argv cannot run.
ProcessOutcome run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

} // namespace tabhook::util
