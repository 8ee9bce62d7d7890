#pragma once
// What the manifests declare, as read: each Site and Webhook with what was readable of it, before the
// rules that need several documents (cross_checks) run.
#include <string>
#include <vector>

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

struct WebhookDeclaration {
    model::Webhook webhook; // webhook.location: where metadata.name is written
    model::Location site_location;
    bool has_name = false;
    bool has_site = false;
};

struct Declarations {
    std::vector<SiteDeclaration> sites;
    std::vector<WebhookDeclaration> webhooks;
    std::vector<std::string> skipped; // "file:line:col: apiVersion v1, kind ConfigMap"
};

} // namespace tabhook::manifest
