#pragma once
// The Git checkout the manifests live in: `--pull` fast-forwards it before each cycle, and reports name
// the commit they were compared against. git runs without a shell, with a deadline.
#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace tabhook::daemon {

struct CommandOutcome {
    int exit_status = -1; // -1: could not run, or killed at the deadline
    std::string output;   // stdout and stderr, capped
    bool timed_out = false;
};

// Runs argv[0] (looked up in PATH), stdin from /dev/null; kills it at the deadline or when `stop` is set.
CommandOutcome run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                           const std::atomic<bool>* stop = nullptr);

// The directory of the first path (itself, when it is a directory), absolute.
std::string checkout_dir(const std::vector<std::string>& paths);

// `git -C DIR pull --ff-only`.
CommandOutcome git_pull(const std::string& dir, std::chrono::milliseconds timeout, const std::atomic<bool>* stop);

// "abc123def456" (+"+dirty" when the manifests have uncommitted changes); nothing outside a checkout.
std::optional<std::string> git_commit(const std::string& dir);

} // namespace tabhook::daemon
