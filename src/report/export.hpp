#pragma once
// `tabhook export`: manifests for what a site has now, so existing webhooks can be adopted. URLs go
// out as ${env:TABHOOK_URL_<NAME>} references with their values in a separate secrets file, unless
// the user asks for them inline.
#include <string>
#include <vector>

#include "model/live.hpp"

namespace tabhook::report {

struct ExportOptions {
    std::string site;         // metadata.site of every exported webhook
    bool inline_urls = false; // write the URLs themselves instead of references
};

struct Export {
    std::string manifests;             // YAML, one Webhook document per exported webhook
    std::vector<std::string> secrets;  // "TABHOOK_URL_<NAME>=<url>" lines (empty with inline_urls)
    std::vector<std::string> warnings; // duplicates left out, unknown events
    int count = 0;                     // webhooks exported
};

// "gitops-refresh-failed" -> "TABHOOK_URL_GITOPS_REFRESH_FAILED"
std::string url_variable(const std::string& webhook_name);

Export export_webhooks(const model::LiveWebhooks& live, const ExportOptions& options);

} // namespace tabhook::report
