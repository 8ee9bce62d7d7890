#pragma once
#include <optional>
#include <string>
#include <vector>

namespace tabhook::cli {

// The commit of the Git checkout holding the first manifest path ("abc1234", "+dirty" appended when the
// manifests have uncommitted changes), or nothing when they are not in a checkout.
std::optional<std::string> git_commit_of(const std::vector<std::string>& paths);

} // namespace tabhook::cli
