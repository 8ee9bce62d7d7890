#include "manifest/field_reader.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "util/strings.hpp"

namespace tabhook::manifest {

namespace {

bool has_control_character(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return true;
    return false;
}

} // namespace

// Suggestions are skipped for very long words: edit distance is quadratic.
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates) {
    if (word.size() > 100) return "";
    const auto match = util::closest_match(word, candidates);
    return match ? fmt::format("; did you mean '{}'?", *match) : "";
}

std::string join(std::span<const std::string_view> words, std::string_view last_separator) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) out += i + 1 == words.size() ? last_separator : ", ";
        out += words[i];
    }
    return out;
}

// --- Fields -------------------------------------------------------------------------------------

Fields::Fields(const YamlNode& map, std::string where, std::span<const std::string_view> allowed,
               const std::string& file, Diagnostics& diagnostics)
    : map_(map), where_(std::move(where)) {
    std::unordered_map<std::string_view, const YamlNode*> seen;
    for (std::size_t i = 0; i < map.map_size(); ++i) check_key(i, allowed, file, diagnostics, seen);
}

void Fields::check_key(std::size_t index, std::span<const std::string_view> allowed, const std::string& file,
                       Diagnostics& diagnostics, std::unordered_map<std::string_view, const YamlNode*>& seen) {
    const YamlNode& key = map_.key(index);
    const model::Location at{file, key.line, key.column};
    if (key.kind != YamlNode::Kind::scalar) {
        diagnostics.add(at, "wrong-type", fmt::format("keys in {} must be strings", where_));
        return;
    }
    if (const auto [it, inserted] = seen.emplace(key.value, &key); !inserted) {
        diagnostics.add(
            at, "duplicate-key",
            fmt::format("duplicate key {} in {}; the first is at line {}", quoted(key.value), where_, it->second->line),
            true);
        return;
    }
    if (std::find(allowed.begin(), allowed.end(), key.value) != allowed.end()) {
        found_.emplace(key.value, index);
        return;
    }
    // "secret:abc" (no space after the colon) is one plain scalar, the value glued to the key:
    // name the key, never what follows the colon, which may be a secret.
    if (const auto colon = key.value.find(':'); colon != std::string::npos && colon > 0) {
        const std::string_view name = std::string_view(key.value).substr(0, std::min<std::size_t>(colon, 60));
        const bool known_name = std::find(allowed.begin(), allowed.end(), name) != allowed.end();
        diagnostics.add(at, "unknown-field",
                        fmt::format("unknown field '{}:…' in {}; {}", name, where_,
                                    known_name ? fmt::format("put a space after the colon: '{}: …'", name)
                                               : fmt::format("a key and its value need a space after "
                                                             "the colon{}",
                                                             did_you_mean(name, allowed))));
        return;
    }
    std::string hint = did_you_mean(key.value, allowed);
    if (hint.empty()) hint = fmt::format("; expected {}", join(allowed, " or "));
    diagnostics.add(at, "unknown-field", fmt::format("unknown field {} in {}{}", quoted(key.value), where_, hint));
}

const YamlNode* Fields::value(std::string_view name) const {
    const auto it = found_.find(name);
    return it == found_.end() ? nullptr : &map_.value_at(it->second);
}

const YamlNode* Fields::key(std::string_view name) const {
    const auto it = found_.find(name);
    return it == found_.end() ? nullptr : &map_.key(it->second);
}

// --- FieldReader --------------------------------------------------------------------------------

const YamlNode* FieldReader::require(const Fields& fields, std::string_view name) {
    const YamlNode* v = fields.value(name);
    if (!v)
        error(fields.map(), "missing-field", fmt::format("missing required field '{}' in {}", name, fields.where()));
    return v;
}

bool FieldReader::check_map(const YamlNode& value, std::string_view label) {
    if (value.kind == YamlNode::Kind::map) return true;
    if (!check_not_alias(value)) return false;
    type_error(value, fmt::format("{} must be a mapping", label));
    return false;
}

bool FieldReader::check_not_alias(const YamlNode& value) {
    if (value.kind != YamlNode::Kind::alias) return true;
    error(value, "yaml-alias", "YAML aliases (*name) are not allowed in tabhook documents; write the value out");
    return false;
}

std::optional<std::string> FieldReader::string_value(const YamlNode& value, std::string_view label, bool secret) {
    if (!check_not_alias(value)) return std::nullopt;
    if (value.kind != YamlNode::Kind::scalar && value.kind != YamlNode::Kind::null) {
        type_error(value, fmt::format("{} must be a string", label));
        return std::nullopt;
    }
    switch (scalar_type(value)) {
    case ScalarType::string: break;
    case ScalarType::null: type_error(value, fmt::format("{} must be a string, not empty", label)); return std::nullopt;
    case ScalarType::unsupported_tag:
        // A value starting with '!' reads as a tag: on a secret, the tag may be the secret itself.
        error(value, "yaml-tag",
              secret ? fmt::format("unsupported YAML tag on {}; quote a value that starts with '!'", label)
                     : fmt::format("unsupported YAML tag {} on {}; quote a value that starts with '!'",
                                   quoted(value.tag), label));
        return std::nullopt;
    case ScalarType::boolean:
    case ScalarType::integer:
    case ScalarType::floating:
        type_error(value, secret ? fmt::format("{} must be a string; quote it", label)
                                 : fmt::format("{} must be a string; quote it: \"{}\"", label, value.value));
        return std::nullopt;
    }
    if (has_control_character(value.value)) {
        error(value, "control-character", fmt::format("{} must not contain line breaks or control characters", label));
        return std::nullopt;
    }
    return value.value;
}

std::optional<std::string> FieldReader::plain_string(const YamlNode& value, std::string_view label) {
    auto text = string_value(value, label, false);
    if (!text) return std::nullopt;
    const auto t = parse_template(*text);
    if (!t || t->has_references()) {
        error(value, "reference-not-allowed",
              fmt::format("references are not allowed in {}; only server, auth values and url take them "
                          "(write $${{ for a literal ${{)",
                          label));
        return std::nullopt;
    }
    return t->unresolved();
}

std::optional<std::string> FieldReader::name_value(const YamlNode& value, std::string_view label) {
    auto text = plain_string(value, label);
    if (text && util::trim(*text).empty()) {
        error(value, "empty-name", fmt::format("{} must not be empty", label));
        return std::nullopt;
    }
    return text;
}

std::optional<Template> FieldReader::template_value(const YamlNode& value, std::string_view label) {
    auto text = string_value(value, label, true);
    if (!text) return std::nullopt;
    auto parsed = parse_template(*text);
    if (!parsed) {
        error(value, "reference-syntax", fmt::format("{}: {}", label, parsed.error().message));
        return std::nullopt;
    }
    return std::move(*parsed);
}

std::optional<bool> FieldReader::bool_value(const YamlNode& value, std::string_view label) {
    if (!check_not_alias(value)) return std::nullopt;
    if (value.kind == YamlNode::Kind::scalar && scalar_type(value) == ScalarType::boolean) {
        const char c = value.value.empty() ? 'f' : value.value[0];
        return c == 't' || c == 'T';
    }
    type_error(value, fmt::format("{} must be true or false", label));
    return std::nullopt;
}

std::optional<std::size_t> FieldReader::enum_value(const YamlNode& value, std::string_view label,
                                                   std::span<const std::string_view> choices) {
    const std::string expected = join(choices, " or ");
    if (!check_not_alias(value)) return std::nullopt;
    if (value.kind != YamlNode::Kind::scalar || scalar_type(value) != ScalarType::string) {
        type_error(value, fmt::format("{} must be {}", label, expected));
        return std::nullopt;
    }
    for (std::size_t i = 0; i < choices.size(); ++i)
        if (choices[i] == value.value) return i;
    error(value, "invalid-value",
          fmt::format("{} must be {}, not {}{}", label, expected, quoted(value.value),
                      did_you_mean(value.value, choices)));
    return std::nullopt;
}

} // namespace tabhook::manifest
