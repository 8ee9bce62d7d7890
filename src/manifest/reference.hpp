#pragma once
// References in manifest strings: ${env:NAME}, ${file:PATH}, ${credential:NAME}, whole or inside a
// string; "$${" is a literal "${". Parsing checks syntax only (enough for `validate --offline`);
// resolving reads the environment, files and systemd credentials and fails closed: a reference that
// cannot be resolved is an error, never a literal "${...}" sent on.
//
// Error messages name the reference (`${env:RELAY_TOKEN}`) but never the text around it nor a
// resolved value: both may be secret.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace tabhook::manifest {

struct Reference {
    enum class Source { env, file, credential };
    Source source = Source::env;
    std::string argument;         // variable name, path or credential name
    std::string spelling() const; // "${env:NAME}"
};

// A string split at its references. Literal parts have "$${" already turned into "${".
struct Template {
    struct Part {
        std::string literal;
        std::optional<Reference> reference;
    };
    std::vector<Part> parts;

    bool has_references() const;
    // The literal text before the first reference (all of it when there is none).
    std::string literal_prefix() const;
    // The text with references left as written: what `--offline` keeps.
    std::string unresolved() const;
};

Result<Template> parse_template(std::string_view text);

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

struct ResolveContext {
    EnvLookup env;                                    // never empty
    std::optional<std::string> credentials_directory; // $CREDENTIALS_DIRECTORY
    std::string base_directory;                       // the manifest's folder, for ${file:}
};

// The resolved text, or an error naming the reference that failed. Values holding a line break or
// another control character are refused: they would end up in an HTTP header or a URL.
Result<std::string> resolve(const Template& t, const ResolveContext& context);

} // namespace tabhook::manifest
