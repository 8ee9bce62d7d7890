#include "manifest/reference.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "manifest/labels.hpp"

namespace tabhook::manifest {

namespace {

constexpr std::size_t kMaxReferencedFileBytes = std::size_t{64} * 1024;

bool is_env_name(std::string_view s) {
    if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
    for (char c : s)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

// systemd credential names are file names in $CREDENTIALS_DIRECTORY.
bool is_credential_name(std::string_view s) {
    if (s.empty() || s == "." || s == "..") return false;
    for (char c : s)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
              c == '-' || c == '@'))
            return false;
    return true;
}

// A short, harmless token is safe to echo in a message; anything else is not named.
bool echoable(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s)
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F) return false;
    return true;
}

bool has_control_character(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return true;
    return false;
}

// ${site.name}, ${site.contentUrl}, ${site.label:KEY}: `field` is what follows "site.".
Result<Reference> parse_site_reference(std::string_view field) {
    const std::string usage = "use ${site.name}, ${site.contentUrl} or ${site.label:KEY}";
    Reference ref{Reference::Source::site, std::string(field)};
    if (field == "name" || field == "contentUrl") return ref;
    if (field.starts_with("label:")) {
        const std::string_view key = field.substr(6);
        if (auto problem = label_key_problem(key))
            return fail(echoable(key) ? fmt::format("invalid label key '{}' in ${{site.label:...}}: {}", key, *problem)
                                      : fmt::format("invalid label key in ${{site.label:...}}: {}", *problem));
        return ref;
    }
    return fail(echoable(field) && field.size() <= 20
                    ? fmt::format("unknown site field '{}' in ${{site.{}}}; {}", field, field, usage)
                    : fmt::format("unknown site field in ${{site.…}}; {}", usage));
}

Result<Reference> parse_reference(std::string_view body) {
    if (body.starts_with("site.")) return parse_site_reference(body.substr(5));
    const std::size_t colon = body.find(':');
    if (colon == std::string_view::npos)
        return fail("reference has no source; write ${env:NAME}, ${file:PATH} or ${credential:NAME}");
    const std::string_view source = body.substr(0, colon);
    const std::string_view argument = body.substr(colon + 1);
    Reference ref;
    ref.argument = std::string(argument);
    if (source == "env") {
        ref.source = Reference::Source::env;
        if (argument.empty()) return fail("${env:} needs a variable name");
        if (!is_env_name(argument))
            return fail(echoable(argument)
                            ? fmt::format("invalid environment variable name '{}' in ${{env:...}}; use letters, "
                                          "digits and _",
                                          argument)
                            : std::string("invalid environment variable name in ${env:...}; use letters, digits "
                                          "and _"));
    } else if (source == "file") {
        ref.source = Reference::Source::file;
        if (argument.empty()) return fail("${file:} needs a path");
    } else if (source == "credential") {
        ref.source = Reference::Source::credential;
        if (argument.empty()) return fail("${credential:} needs a credential name");
        if (!is_credential_name(argument))
            return fail("invalid credential name in ${credential:...}; use a file name in $CREDENTIALS_DIRECTORY "
                        "(letters, digits, '_', '-', '.', '@')");
    } else {
        bool word = !source.empty() && source.size() <= 20;
        for (char c : source) word = word && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
        if (source == "site")
            return fail("write site references with a dot: ${site.name}, ${site.contentUrl} or ${site.label:KEY}");
        return fail(word ? fmt::format("unknown reference source '{}'; use env, file or credential", source)
                         : std::string("reference has no source; write ${env:NAME}, ${file:PATH} or "
                                       "${credential:NAME}"));
    }
    return ref;
}

Result<std::string> read_small_file(const std::filesystem::path& path, const std::string& shown) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) return fail(fmt::format("{} does not exist", shown));
    if (!std::filesystem::is_regular_file(status)) return fail(fmt::format("{} is not a regular file", shown));
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) return fail(fmt::format("{} cannot be read", shown));
    if (size > kMaxReferencedFileBytes)
        return fail(fmt::format("{} is larger than {} KiB", shown, kMaxReferencedFileBytes / 1024));
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(fmt::format("{} cannot be read", shown));
    std::ostringstream text;
    text << in.rdbuf();
    std::string value = text.str();
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
    return value;
}

Result<std::string> resolve_one(const Reference& ref, const ResolveContext& context) {
    switch (ref.source) {
    case Reference::Source::env: {
        const auto value = context.env(ref.argument);
        if (!value) return fail(fmt::format("environment variable {} is not set", ref.argument));
        // CI systems pass a missing secret as an empty variable: treat it as unset.
        if (value->empty()) return fail(fmt::format("environment variable {} is set but empty", ref.argument));
        return *value;
    }
    case Reference::Source::file: {
        std::filesystem::path path(ref.argument);
        if (path.is_relative()) path = std::filesystem::path(context.base_directory) / path;
        auto value = read_small_file(path, path.lexically_normal().generic_string());
        if (value && value->empty()) return fail(fmt::format("{} is empty", path.lexically_normal().generic_string()));
        return value;
    }
    case Reference::Source::credential: {
        if (!context.credentials_directory || context.credentials_directory->empty())
            return fail("$CREDENTIALS_DIRECTORY is not set (systemd sets it for units with LoadCredential=)");
        const auto path = std::filesystem::path(*context.credentials_directory) / ref.argument;
        auto value = read_small_file(path, fmt::format("credential {}", ref.argument));
        if (value && value->empty()) return fail(fmt::format("credential {} is empty", ref.argument));
        return value;
    }
    case Reference::Source::site: return fail("site references are resolved per site, only in a Webhook's url");
    }
    return fail("unknown reference source");
}

} // namespace

std::string Reference::spelling() const {
    switch (source) {
    case Source::env: return "${env:" + argument + "}";
    case Source::file: return "${file:" + argument + "}";
    case Source::credential: return "${credential:" + argument + "}";
    case Source::site: return "${site." + argument + "}";
    }
    return "${}";
}

bool Template::has_references() const {
    for (const auto& p : parts)
        if (p.reference) return true;
    return false;
}

bool Template::has_site_references() const {
    for (const auto& p : parts)
        if (p.reference && p.reference->source == Reference::Source::site) return true;
    return false;
}

std::string Template::literal_prefix() const {
    std::string out;
    for (const auto& p : parts) {
        if (p.reference) break;
        out += p.literal;
    }
    return out;
}

std::string Template::unresolved() const {
    std::string out;
    for (const auto& p : parts) out += p.reference ? p.reference->spelling() : p.literal;
    return out;
}

Result<Template> parse_template(std::string_view text) {
    Template t;
    std::string literal;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text.substr(i).starts_with("$${")) {
            literal += "${";
            i += 3;
        } else if (text.substr(i).starts_with("${")) {
            const std::size_t close = text.find('}', i + 2);
            if (close == std::string_view::npos) return fail("unterminated reference: '${' without a closing '}'");
            auto ref = parse_reference(text.substr(i + 2, close - i - 2));
            if (!ref) return tl::unexpected(ref.error());
            if (!literal.empty()) t.parts.push_back(Template::Part{std::move(literal), std::nullopt});
            literal.clear();
            t.parts.push_back(Template::Part{"", std::move(*ref)});
            i = close + 1;
        } else {
            literal += text[i];
            ++i;
        }
    }
    if (!literal.empty() || t.parts.empty()) t.parts.push_back(Template::Part{std::move(literal), std::nullopt});
    return t;
}

Result<std::string> resolve(const Template& t, const ResolveContext& context) {
    std::string out;
    for (const auto& p : t.parts) {
        if (!p.reference) {
            out += p.literal;
            continue;
        }
        auto value = resolve_one(*p.reference, context);
        if (!value) return fail(fmt::format("cannot resolve {}: {}", p.reference->spelling(), value.error().message));
        if (has_control_character(*value))
            return fail(fmt::format("cannot use {}: its value holds a line break or another control character",
                                    p.reference->spelling()));
        out += *value;
    }
    return out;
}

namespace {

// A copy of `t` with the references `replace` gives a value for turned into literal text.
template <class Replace> Result<Template> replace_references(const Template& t, Replace replace) {
    Template out;
    for (const auto& p : t.parts) {
        std::optional<Result<std::string>> value;
        if (p.reference) value = replace(*p.reference);
        if (!value) {
            out.parts.push_back(p);
            continue;
        }
        if (!*value) return tl::unexpected(value->error());
        if (!out.parts.empty() && !out.parts.back().reference)
            out.parts.back().literal += **value;
        else
            out.parts.push_back(Template::Part{std::move(**value), std::nullopt});
    }
    if (out.parts.empty()) out.parts.push_back(Template::Part{});
    return out;
}

} // namespace

Result<Template> resolve_except_site(const Template& t, const ResolveContext& context) {
    return replace_references(t, [&](const Reference& ref) -> std::optional<Result<std::string>> {
        if (ref.source == Reference::Source::site) return std::nullopt;
        Template one;
        one.parts.push_back(Template::Part{"", ref});
        return resolve(one, context);
    });
}

Result<Template> substitute_site(const Template& t, const model::Site& site) {
    return replace_references(t, [&](const Reference& ref) -> std::optional<Result<std::string>> {
        if (ref.source != Reference::Source::site) return std::nullopt;
        if (ref.argument == "name") return Result<std::string>(site.name);
        if (ref.argument == "contentUrl") return Result<std::string>(site.content_url);
        const std::string key = ref.argument.substr(6); // "label:KEY"
        const auto it = site.labels.find(key);
        if (it == site.labels.end()) return Result<std::string>(fail(fmt::format("label {} is not set", key)));
        return Result<std::string>(it->second);
    });
}

} // namespace tabhook::manifest
