#include "manifest/cross_checks.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "util/strings.hpp"

namespace tabhook::manifest {

void check_declarations(const Declarations& declarations, bool all_read, Diagnostics& diagnostics) {
    std::map<std::string, const SiteDeclaration*> sites;
    std::vector<std::string> site_names;
    for (const auto& decl : declarations.sites) {
        if (!decl.has_name) continue;
        const auto [it, inserted] = sites.emplace(decl.site.name, &decl);
        if (inserted) {
            site_names.push_back(decl.site.name);
            continue;
        }
        diagnostics.add(decl.site.location, "duplicate-site",
                        fmt::format("site {} is already declared at {}", quoted(decl.site.name),
                                    to_string(it->second->site.location)),
                        true);
    }

    std::map<std::pair<std::string, std::string>, const WebhookDeclaration*> webhooks;
    for (const auto& decl : declarations.webhooks) {
        const model::Webhook& w = decl.webhook;
        const SiteDeclaration* site = nullptr;
        if (decl.has_site) {
            if (const auto it = sites.find(w.site); it != sites.end()) {
                site = it->second;
            } else if (all_read) {
                std::string hint;
                if (site_names.empty())
                    hint = "; no Site document was found";
                else if (w.site.size() <= 100)
                    if (const auto match = util::closest_match(w.site, site_names))
                        hint = fmt::format("; did you mean '{}'?", *match);
                diagnostics.add(decl.site_location, "undefined-site",
                                fmt::format("site {} is not declared by any Site document{}", quoted(w.site), hint),
                                true);
            }
        }
        if (!decl.has_name) continue;
        if (site && site->site.name_prefix && !w.name.starts_with(*site->site.name_prefix))
            diagnostics.add(w.location, "name-prefix",
                            fmt::format("webhook name {} must start with {}, the ownership.namePrefix of site {}",
                                        quoted(w.name), quoted(*site->site.name_prefix), quoted(w.site)),
                            true);
        if (!decl.has_site) continue;
        const auto [it, inserted] = webhooks.emplace(std::make_pair(w.site, w.name), &decl);
        if (!inserted)
            diagnostics.add(w.location, "duplicate-webhook",
                            fmt::format("webhook {} is already declared for site {} at {}", quoted(w.name),
                                        quoted(w.site), to_string(it->second->webhook.location)),
                            true);
    }
}

} // namespace tabhook::manifest
