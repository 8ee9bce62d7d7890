#include "cli/git.hpp"

#include <array>
#include <cstdio>
#include <filesystem>

#include "util/strings.hpp"

namespace tabhook::cli {

namespace {

// Runs git with arguments that never come from the manifests' content; the directory is quoted.
std::optional<std::string> git_output(const std::string& dir, const std::string& args) {
    std::string quoted = "'";
    for (char c : dir) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    quoted += "'";
    const std::string command = "git -C " + quoted + " " + args + " 2>/dev/null";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return std::nullopt;
    std::string out;
    std::array<char, 256> buf{};
    while (std::fgets(buf.data(), buf.size(), pipe)) out += buf.data();
    if (::pclose(pipe) != 0) return std::nullopt;
    return std::string(util::trim(out));
}

} // namespace

std::optional<std::string> git_commit_of(const std::vector<std::string>& paths) {
    if (paths.empty()) return std::nullopt;
    std::error_code ec;
    std::filesystem::path p = std::filesystem::absolute(paths.front(), ec);
    if (ec) return std::nullopt;
    const std::string dir = std::filesystem::is_directory(p, ec) ? p.string() : p.parent_path().string();
    auto commit = git_output(dir, "rev-parse --short=12 HEAD");
    if (!commit || commit->empty()) return std::nullopt;
    auto status = git_output(dir, "status --porcelain --untracked-files=no -- .");
    if (status && !status->empty()) *commit += "+dirty";
    return commit;
}

} // namespace tabhook::cli
