#pragma once
// One YAML document -> a Site or a Webhook declaration, with every problem the document shows on its
// own: unknown and missing fields, wrong types, enums, events, URLs and references. Rules that need
// several documents (duplicates, site references, name prefixes) are checked later, in cross_checks.
#include <string>
#include <vector>

#include "manifest/diagnostic.hpp"
#include "manifest/load_options.hpp"
#include "manifest/reference.hpp"
#include "manifest/yaml_tree.hpp"
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

// Reads one document of `file`. Documents that are not tabhook's are listed in `out.skipped`.
void read_document(const YamlNode& root, const std::string& file, const LoadOptions& options,
                   const ResolveContext& resolve_context, Declarations& out, Diagnostics& diagnostics);

} // namespace tabhook::manifest
