#include "manifest/file_finder.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

namespace tabhook::manifest {

namespace fs = std::filesystem;

namespace {

bool hidden(const fs::path& p) {
    const std::string name = p.filename().string();
    return !name.empty() && name[0] == '.' && name != "." && name != "..";
}

bool manifest_extension(const fs::path& p) {
    const std::string ext = p.extension().string();
    return ext == ".yaml" || ext == ".yml";
}

std::string shown(const fs::path& p) {
    std::string s = p.lexically_normal().generic_string();
    return s.empty() ? "." : s;
}

void error(FoundFiles& out, const std::string& path, std::string rule, std::string message) {
    out.errors.push_back(Diagnostic{model::Location{path, 0, 0}, std::move(message), std::move(rule), false});
}

} // namespace

FoundFiles find_manifest_files(const std::vector<std::string>& paths) {
    FoundFiles out;
    std::vector<fs::path> found;
    for (const auto& arg : paths) {
        std::error_code ec;
        const fs::path root(arg);
        const auto status = fs::status(root, ec);
        if (ec || !fs::exists(status)) {
            error(out, arg, "file-not-found", "no such file or directory");
            continue;
        }
        if (!fs::is_directory(status)) {
            found.push_back(root); // named explicitly: read whatever its extension
            continue;
        }
        fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
        if (ec) {
            error(out, arg, "file-unreadable", "cannot list directory: " + ec.message());
            continue;
        }
        for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) {
                error(out, shown(it->path()), "file-unreadable", "cannot list directory: " + ec.message());
                break;
            }
            const fs::path& p = it->path();
            if (hidden(p)) {
                if (it->is_directory(ec)) it.disable_recursion_pending();
                continue;
            }
            if (manifest_extension(p) && it->is_regular_file(ec)) found.push_back(p);
        }
    }
    // One entry per file, however it was named.
    std::set<std::string> identities;
    for (const auto& p : found) {
        std::error_code ec;
        const fs::path canonical = fs::weakly_canonical(p, ec);
        if (!identities.insert(ec ? shown(p) : canonical.string()).second) continue;
        out.files.push_back(shown(p));
    }
    std::sort(out.files.begin(), out.files.end());
    return out;
}

} // namespace tabhook::manifest
