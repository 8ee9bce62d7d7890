#pragma once
// The Git checkout the manifests live in: `tabhook run --pull` fast-forwards it before each cycle, and
// reports (drift, the daemon's cycle report) name the commit they were compared against. git runs
// through util::run_process: no shell, with a deadline.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "util/process.hpp"

namespace tabhook::util {

// The directory of the first path (itself, when it is a directory), absolute; "." for no paths.
std::string checkout_dir(const std::vector<std::string>& paths);

// `git -C DIR pull --ff-only --quiet`; stdout and stderr merged into `out`.
ProcessOutcome git_pull(const std::string& dir, std::chrono::milliseconds timeout, StopToken stop);

// "abc123def456" (+"+dirty" when the manifests have uncommitted changes); nothing outside a checkout.
std::optional<std::string> git_commit(const std::string& dir);

// git_commit of checkout_dir(paths); nothing for no paths.
std::optional<std::string> git_commit_of(const std::vector<std::string>& paths);

} // namespace tabhook::util
