#pragma once
// What the manifests declare, as read: each Site and Webhook with what was readable of it, before the
// rules that need several documents (cross_checks) run.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "manifest/labels.hpp"
#include "manifest/template_field.hpp"
#include "model/desired.hpp"

namespace tabhook::manifest {

struct SiteDeclaration {
    model::Site site;
    bool has_name = false; // metadata.name was readable
    // site.server holds the server's address: written literally, or its references resolved (not with
    // `validate --offline`, which leaves them as written).
    bool server_known = false;
    bool content_url_known = false; // spec.contentUrl was read
};

// Which sites a Webhook declaration names: exactly one of metadata.site, metadata.sites or
// metadata.siteSelector.
struct SiteSelection {
    enum class Kind { site, sites, selector };
    Kind kind = Kind::site;                                     // site: the name is in webhook.site
    std::vector<std::pair<std::string, model::Location>> sites; // sites: each name, where it is written
    LabelSelector selector;                                     // selector
};

struct WebhookDeclaration {
    model::Webhook webhook;        // webhook.location: where metadata.name is written
    model::Location site_location; // metadata.site, .sites or .siteSelector
    bool has_name = false;
    bool has_site = false; // the site selection was readable
    SiteSelection selection;
    // A url with ${site.…} references: substituted per selected site by the expansion (webhook.url then
    // holds it with the references as written).
    std::optional<TemplateField> url_per_site;
};

struct Declarations {
    std::vector<SiteDeclaration> sites;
    std::vector<WebhookDeclaration> webhooks;
    std::vector<std::string> skipped; // "file:line:col: apiVersion v1, kind ConfigMap"
};

} // namespace tabhook::manifest
