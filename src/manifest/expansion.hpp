#pragma once
// Fan-out: a Webhook declaration with metadata.sites or metadata.siteSelector becomes one model::Webhook
// per selected site, all with the declaration's name and location; ${site.name}, ${site.contentUrl} and
// ${site.label:KEY} in its url are substituted per site (with `validate --offline` too). Runs once every
// Site is known (cross_checks). The planner never sees a declaration, only the per-site Webhooks.
//
// Order: declarations as read (file, then document); within one, the sites in the order metadata.sites
// lists them, or, for a selector, in the order the Sites are declared.
#include <string>
#include <vector>

#include "manifest/declarations.hpp"
#include "manifest/diagnostic.hpp"

namespace tabhook::manifest {

// What one fanned-out declaration became: `validate -v` prints it.
struct Expansion {
    std::string name;
    model::Location location;       // metadata.name
    std::string selection;          // "sites [a, b]", "siteSelector env=prod"
    std::vector<std::string> sites; // the sites it went to, in order
    bool operator==(const Expansion&) const = default;
};

struct ExpandedWebhook {
    model::Webhook webhook;
    const WebhookDeclaration* declaration = nullptr;
    const SiteDeclaration* site = nullptr; // null: metadata.site names no declared Site
};

// `sites`: the first Site of each name, in the order declared. Reports names that no Site declares
// (undefined-site), selectors that select nothing, and ${site.label:KEY} a selected Site lacks. `all_read`:
// as for check_declarations; when false, names and selectors that find nothing are not reported (the Site
// may be in the unread part).
// A declaration whose selection cannot be read still yields one Webhook (with no site), for counting.
std::vector<ExpandedWebhook> expand_webhooks(const Declarations& declarations,
                                             const std::vector<const SiteDeclaration*>& sites, bool all_read,
                                             Diagnostics& diagnostics, std::vector<Expansion>& expansions);

} // namespace tabhook::manifest
