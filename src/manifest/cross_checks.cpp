#include "manifest/cross_checks.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "model/site_conflicts.hpp"
#include "util/url.hpp"

namespace tabhook::manifest {

namespace {

// Two Sites that reach one Tableau site each plan against the other's webhooks (model::site_conflicts).
// Reported at the later Site, naming the earlier one. A Site whose server is a reference left unresolved
// (validate --offline), or whose server or contentUrl could not be read, is not compared.
void check_same_tableau_site(const std::vector<const SiteDeclaration*>& sites, Diagnostics& diagnostics) {
    std::vector<model::SiteTarget> targets;
    targets.reserve(sites.size());
    for (const auto* decl : sites) targets.push_back({&decl->site, decl->server_known && decl->content_url_known});
    const auto partners = model::site_conflicts(targets);
    for (std::size_t i = 0; i < sites.size(); ++i) {
        if (!partners[i] || *partners[i] > i) continue; // reported at the later of the two
        const model::Site& site = sites[i]->site;
        const model::Site& other = sites[*partners[i]]->site;
        const auto url = util::parse_url(site.server);
        const std::string where =
            site.content_url.empty() ? "the default site" : "contentUrl " + quoted(site.content_url);
        diagnostics.add(
            site.location, "same-tableau-site",
            fmt::format("site {} is the same Tableau site as site {} at {} ({}, {}): each would manage, and "
                        "with prune delete, the other's webhooks; {}",
                        quoted(site.name), quoted(other.name), to_string(other.location),
                        url ? url->origin() : std::string("?"), where, model::kSiteConflictFix),
            true);
    }
}

} // namespace

Checked check_declarations(const Declarations& declarations, bool all_read, Diagnostics& diagnostics) {
    std::map<std::string, const SiteDeclaration*> sites;
    std::vector<const SiteDeclaration*> named_sites; // the first Site of each name, in order
    for (const auto& decl : declarations.sites) {
        if (!decl.has_name) continue;
        const auto [it, inserted] = sites.emplace(decl.site.name, &decl);
        if (inserted) {
            named_sites.push_back(&decl);
            continue;
        }
        diagnostics.add(decl.site.location, "duplicate-site",
                        fmt::format("site {} is already declared at {}", quoted(decl.site.name),
                                    to_string(it->second->site.location)),
                        true);
    }
    check_same_tableau_site(named_sites, diagnostics);

    Checked checked;
    const std::vector<ExpandedWebhook> expanded =
        expand_webhooks(declarations, named_sites, all_read, diagnostics, checked.expansions);
    std::map<std::pair<std::string, std::string>, const WebhookDeclaration*> webhooks;
    for (const auto& [w, decl, site] : expanded) {
        checked.webhooks.push_back(w);
        if (!decl->has_name) continue;
        if (site && site->site.name_prefix && !w.name.starts_with(*site->site.name_prefix))
            diagnostics.add(w.location, "name-prefix",
                            fmt::format("webhook name {} must start with {}, the ownership.namePrefix of site {}",
                                        quoted(w.name), quoted(*site->site.name_prefix), quoted(w.site)),
                            true);
        if (!decl->has_site) continue;
        const auto [it, inserted] = webhooks.emplace(std::make_pair(w.site, w.name), decl);
        if (!inserted)
            diagnostics.add(w.location, "duplicate-webhook",
                            fmt::format("webhook {} is already declared for site {} at {}", quoted(w.name),
                                        quoted(w.site), to_string(it->second->webhook.location)),
                            true);
    }
    return checked;
}

} // namespace tabhook::manifest
