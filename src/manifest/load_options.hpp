#pragma once
// How manifests are loaded. The environment and the credentials directory are injectable so tests
// need not touch the process environment.
#include <functional>
#include <optional>
#include <string>

namespace tabhook::manifest {

struct LoadOptions {
    // false (`validate --offline`): check the syntax of references without resolving them, so a
    // pull-request check needs no secrets. The loaded state then holds the references as written.
    bool resolve_references = true;
    // true (`--allow-literal-secrets`): accept a PAT secret or password written in the manifest.
    bool allow_literal_secrets = false;
    // Looks up an environment variable; empty: the process environment (getenv).
    std::function<std::optional<std::string>(const std::string&)> env;
    // systemd's $CREDENTIALS_DIRECTORY for ${credential:NAME}; unset: looked up through `env`.
    std::optional<std::string> credentials_directory;
};

} // namespace tabhook::manifest
