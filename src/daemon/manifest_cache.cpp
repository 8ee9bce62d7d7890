#include "daemon/manifest_cache.hpp"

#include <fmt/format.h>

#include "manifest/loader.hpp"

namespace tabhook::daemon {

const LoadedManifests& ManifestCache::load(bool force) {
    auto found = manifest::find_manifest_files(paths_);
    if (!force && loaded_once_ && found.errors.empty() && found.files == files_ && found.stats == stats_) {
        last_.reparsed = false;
        return last_;
    }
    LoadedManifests next;
    next.reparsed = true;
    auto loaded = manifest::load_manifests(paths_, options_);
    next.files = loaded.files.size();
    // The stamps of what was just parsed: a file changing during the parse is parsed again next cycle.
    files_ = std::move(found.files);
    stats_ = std::move(found.stats);
    loaded_once_ = true;
    for (const auto& d : loaded.errors) next.errors.push_back(manifest::to_string(d));
    if (next.errors.empty())
        for (const auto& wanted : reconcile::unknown_sites(loaded.state, site_filter_))
            next.errors.push_back(fmt::format("--site {}: no such site in the manifests", wanted));
    if (next.errors.empty())
        next.desired =
            std::make_shared<const reconcile::DesiredSites>(reconcile::select_sites(loaded.state, site_filter_));
    last_ = std::move(next);
    return last_;
}

} // namespace tabhook::daemon
