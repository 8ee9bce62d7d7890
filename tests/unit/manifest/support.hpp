#pragma once
// Shared helpers for the manifest tests: load YAML text with a fake environment and see the
// diagnostics as the text `validate` prints.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "manifest/loader.hpp"

namespace tabhook::manifest::testing {

inline std::map<std::string, std::string> default_env() {
    return {{"TABLEAU_SERVER_URL", "https://tableau.example.com"},
            {"TABLEAU_PAT_NAME", "tabhook-ci"},
            {"TABLEAU_PAT_SECRET", "pat-secret-value"},
            {"RELAY_TOKEN", "relay-token-value"}};
}

inline LoadOptions options_with(std::map<std::string, std::string> env = default_env()) {
    LoadOptions o;
    o.env = [env = std::move(env)](const std::string& name) -> std::optional<std::string> {
        const auto it = env.find(name);
        if (it == env.end()) return std::nullopt;
        return it->second;
    };
    return o;
}

inline std::vector<std::string> messages(const LoadResult& r) {
    std::vector<std::string> out;
    for (const auto& d : r.errors) out.push_back(to_string(d));
    return out;
}

inline LoadResult load_text(const std::string& text, const LoadOptions& options = options_with()) {
    return load_sources({Source{"m.yaml", text}}, options);
}

inline std::vector<std::string> errors_of(const std::string& text, const LoadOptions& options = options_with()) {
    return messages(load_text(text, options));
}

// A valid Site named "marketing" to pair with webhooks under test.
inline const std::string kSite = R"(apiVersion: tabhook/v1
kind: Site
metadata:
  name: marketing
spec:
  server: ${env:TABLEAU_SERVER_URL}
  contentUrl: marketing
  auth:
    personalAccessToken:
      name: ${env:TABLEAU_PAT_NAME}
      secret: ${env:TABLEAU_PAT_SECRET}
)";

// kSite, then a Webhook document whose spec lines are `spec` (indented by the caller with 2 spaces).
// The spec lines start on line 19; metadata.name is at 16:9.
inline std::string with_webhook(const std::string& spec, const std::string& name = "refresh-failed") {
    return kSite + "---\napiVersion: tabhook/v1\nkind: Webhook\nmetadata:\n  name: " + name +
           "\n  site: marketing\nspec:\n" + spec;
}

} // namespace tabhook::manifest::testing
