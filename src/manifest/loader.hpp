#pragma once
// The manifest layer's entry point: YAML files -> the desired state, with every error found on the
// way. Nothing here touches the network; references are resolved from the environment, files and
// systemd credentials only.
#include <string>
#include <vector>

#include "manifest/diagnostic.hpp"
#include "manifest/expansion.hpp"
#include "manifest/load_options.hpp"
#include "model/desired.hpp"

namespace tabhook::manifest {

struct LoadResult {
    // What the documents declare. Only meaningful when `errors` is empty; otherwise it holds what
    // could be read, for counting and context.
    model::DesiredState state;
    std::vector<Diagnostic> errors;   // sorted by file, line and column
    std::vector<std::string> skipped; // documents of other apiVersions: "file:line:col: apiVersion v1, kind Foo"
    std::vector<std::string> files;   // every file read, in reading order
    // Webhook declarations with metadata.sites or metadata.siteSelector, and the sites each went to (its
    // Webhooks are in state.webhooks).
    std::vector<Expansion> expansions;
    bool ok() const { return errors.empty(); }
};

// Reads files, or directories searched recursively for *.yaml / *.yml (hidden ones skipped).
LoadResult load_manifests(const std::vector<std::string>& paths, const LoadOptions& options = {});

// A manifest already in memory: for tests and the fuzzer. `file` names it in diagnostics and anchors
// ${file:} references.
struct Source {
    std::string file;
    std::string text;
};
LoadResult load_sources(const std::vector<Source>& sources, const LoadOptions& options = {});

// At most this many errors are reported; one more says how many were left out.
inline constexpr std::size_t kMaxErrors = 1000;

} // namespace tabhook::manifest
