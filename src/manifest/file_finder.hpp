#pragma once
// Which files a list of paths names: files as given, directories searched recursively for *.yaml and
// *.yml, hidden files and directories (.git, .github) skipped. Sorted and without repeats, so every
// run reads the same files in the same order.
#include <string>
#include <vector>

#include "manifest/diagnostic.hpp"

namespace tabhook::manifest {

struct FoundFiles {
    std::vector<std::string> files; // as shown in diagnostics: "examples/sites/staging.yaml"
    std::vector<Diagnostic> errors; // paths that do not exist or cannot be listed
};

FoundFiles find_manifest_files(const std::vector<std::string>& paths);

} // namespace tabhook::manifest
