#pragma once
// Two Site documents that reach the same Tableau site each plan against the other's webhooks: with
// `prune: owned` every apply deletes what the other created. This is the one rule that decides when two
// Sites are the same site and when they may still share it; `validate` applies it to what the manifests
// say, and plan/apply/drift/test/export and the daemon apply it again to the site ids Tableau returns at
// sign-in, which see aliases (DNS names, `localhost` and 127.0.0.1) that no manifest check can.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "model/desired.hpp"

namespace tabhook::model {

// One Site as the rule sees it.
struct SiteTarget {
    const Site* site = nullptr;
    // false: where the Site points is not known (its server is a reference `validate --offline` left
    // unresolved, or its server or contentUrl could not be read), so only a site id can match it.
    bool server_known = true;
    // The site's id as sign-in returned it; "" before sign-in.
    std::string site_id{};
};

// What a server is compared by: scheme and host case folded, a default port dropped, the path kept
// (a server may sit under a path prefix) without trailing slashes. Empty when `server` is not a URL.
std::string server_address(const std::string& server);

// Whether two Sites may share one Tableau site: both set ownership.namePrefix, neither prefix starts
// with the other (so no webhook name can belong to both), and neither prunes `all` (which deletes
// whatever it does not declare, prefix or not).
bool may_share_site(const Site& a, const Site& b);

// Whether the two reach the same Tableau site: by site id when both have one, else by server address and
// contentUrl (case-insensitively, as Tableau matches a contentUrl) when neither has a site id and both
// servers are known. A Site with a site id and one without are never compared.
bool same_tableau_site(const SiteTarget& a, const SiteTarget& b);

// For each target, another target that reaches the same Tableau site without being allowed to share it
// (may_share_site): an earlier such target if there is one, else a later one; nullopt when it conflicts
// with none. Every conflicting pair thus shows up at least at its later
// member. Runs in O(n log n) for n targets, so a manifest with thousands of Sites is checked quickly.
std::vector<std::optional<std::size_t>> site_conflicts(const std::vector<SiteTarget>& targets);

// What to do about a conflict, for messages.
inline constexpr const char* kSiteConflictFix =
    "give each Site its own ownership.namePrefix that is not a prefix of the other's, or merge them";

} // namespace tabhook::model
