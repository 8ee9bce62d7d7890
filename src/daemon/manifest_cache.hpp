#pragma once
// The manifests, re-read every cycle but re-parsed only when a file's path, mtime or size changed (or a
// reload asks for it): an idle cycle costs a directory walk and one stat per file. ${file:} references and
// ${credential:} files are not watched: SIGHUP re-reads everything.
#include <memory>
#include <string>
#include <vector>

#include "manifest/file_finder.hpp"
#include "manifest/load_options.hpp"
#include "reconcile/desired.hpp"

namespace tabhook::daemon {

struct LoadedManifests {
    std::shared_ptr<const reconcile::DesiredSites> desired; // null when the manifests have errors
    std::vector<std::string> errors;                        // diagnostics, "file:line:col: ..."
    bool reparsed = false;                                  // this load parsed the files (else: the last result)
    std::size_t files = 0;
};

class ManifestCache {
  public:
    ManifestCache(std::vector<std::string> paths, std::vector<std::string> site_filter, manifest::LoadOptions options)
        : paths_(std::move(paths)), site_filter_(std::move(site_filter)), options_(std::move(options)) {}
    // `force`: parse even when no file changed (SIGHUP).
    const LoadedManifests& load(bool force);

  private:
    std::vector<std::string> paths_;
    std::vector<std::string> site_filter_;
    manifest::LoadOptions options_;
    // The files last parsed, with what they were when found: re-parsed when either changes.
    std::vector<std::string> files_;
    std::vector<manifest::FileStat> stats_;
    bool loaded_once_ = false;
    LoadedManifests last_;
};

} // namespace tabhook::daemon
