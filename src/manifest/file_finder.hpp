#pragma once
// Which files a list of paths names: files as given, directories searched recursively for *.yaml and
// *.yml, hidden files and directories (.git, .github) skipped. Sorted and without repeats, so every
// run reads the same files in the same order.
#include <string>
#include <vector>

#include "manifest/diagnostic.hpp"

namespace tabhook::manifest {

// A file's modification time and size as it was found (one stat a file, made anyway to tell files apart):
// the daemon compares them from one cycle to the next to see whether to parse again.
struct FileStat {
    long long mtime_ns = 0;
    long long size = -1; // -1: could not stat
    bool operator==(const FileStat&) const = default;
};

struct FoundFiles {
    std::vector<std::string> files; // as shown in diagnostics: "examples/sites/staging.yaml"
    std::vector<FileStat> stats;    // one per file, same order
    std::vector<Diagnostic> errors; // paths that do not exist or cannot be listed
};

FoundFiles find_manifest_files(const std::vector<std::string>& paths);

} // namespace tabhook::manifest
