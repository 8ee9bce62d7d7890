#pragma once
// `tabhook export`: manifests for what a site has now, so existing webhooks can be adopted. URLs go
// out as ${env:TABHOOK_URL_<NAME>} references with their values in a separate secrets file, unless
// the user asks for them inline.
#include <optional>
#include <string>
#include <vector>

#include "model/live.hpp"

namespace tabhook::report {

struct ExportOptions {
    std::string site;                       // metadata.site of every exported webhook
    bool inline_urls = false;               // write the URLs themselves instead of references
    std::optional<std::string> name_prefix; // the site's ownership.namePrefix: other names are left out
};

// Only what `validate` accepts is exported: a webhook whose name is outside the site's namePrefix,
// holds "${" or a control character, whose event tabhook does not know, or whose URL the manifest
// rules refuse is left out with a warning naming it.
struct Export {
    std::string manifests;             // YAML, one Webhook document per exported webhook
    std::vector<std::string> secrets;  // "TABHOOK_URL_<NAME>='<url>'" lines (empty with inline_urls), see env_file.hpp
    std::vector<std::string> warnings; // webhooks left out, and why
    int count = 0;                     // webhooks exported
};

// "gitops-refresh-failed" -> "TABHOOK_URL_GITOPS_REFRESH_FAILED"
std::string url_variable(const std::string& webhook_name);

Export export_webhooks(const model::LiveWebhooks& live, const ExportOptions& options);

} // namespace tabhook::report
