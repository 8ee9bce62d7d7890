#include "daemon/manifest_cache.hpp"

#include <algorithm>

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
    if (next.errors.empty()) {
        std::vector<std::string> names;
        for (const auto& s : loaded.state.sites) names.push_back(s.name);
        for (const auto& wanted : site_filter_)
            if (std::find(names.begin(), names.end(), wanted) == names.end())
                next.errors.push_back(fmt::format("--site {}: no such site in the manifests", wanted));
    }
    if (next.errors.empty()) {
        auto d = std::make_shared<DesiredSites>();
        for (const auto& s : loaded.state.sites) {
            if (!site_filter_.empty() &&
                std::find(site_filter_.begin(), site_filter_.end(), s.name) == site_filter_.end())
                continue;
            d->sites.push_back(s);
            d->webhooks.emplace_back();
            for (const auto& w : loaded.state.webhooks)
                if (w.site == s.name) d->webhooks.back().push_back(w);
        }
        next.desired = std::move(d);
    }
    last_ = std::move(next);
    return last_;
}

} // namespace tabhook::daemon
