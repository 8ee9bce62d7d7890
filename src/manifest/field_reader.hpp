#pragma once
// The generic typed-YAML field reader: a mapping's keys checked once (duplicates, unknown keys with a
// suggestion), and typed values read out of nodes (strings, names, booleans, enums, strings that take
// references). Every problem becomes a diagnostic at the node that has it; a value that has one is not
// returned. It knows nothing of Sites or Webhooks (site_reader, webhook_reader).
#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>
#include <unordered_map>

#include "manifest/diagnostic.hpp"
#include "manifest/reference.hpp"
#include "manifest/yaml_tree.hpp"
#include "model/named.hpp"

namespace tabhook::manifest {

// "; did you mean 'x'?", or "" when nothing is close (or the word is very long).
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);
// "a, b or c" with `last_separator` " or ".
std::string join(std::span<const std::string_view> words, std::string_view last_separator);

// A YAML mapping with its keys checked: duplicates and unknown keys are reported once, when it is made.
class Fields {
  public:
    Fields(const YamlNode& map, std::string where, std::span<const std::string_view> allowed, const std::string& file,
           Diagnostics& diagnostics);

    const YamlNode* value(std::string_view name) const;
    const YamlNode* key(std::string_view name) const;
    const std::string& where() const { return where_; }
    const YamlNode& map() const { return map_; }

  private:
    void check_key(std::size_t index, std::span<const std::string_view> allowed, const std::string& file,
                   Diagnostics& diagnostics, std::unordered_map<std::string_view, const YamlNode*>& seen);

    const YamlNode& map_;
    std::string where_;
    std::unordered_map<std::string_view, std::size_t> found_;
};

class FieldReader {
  public:
    FieldReader(const std::string& file, Diagnostics& diagnostics) : file_(file), diags_(diagnostics) {}

    const std::string& file() const { return file_; }
    Diagnostics& diagnostics() { return diags_; }
    model::Location at(const YamlNode& node) const { return model::Location{file_, node.line, node.column}; }
    void error(const YamlNode& node, std::string rule, std::string message, bool cross_document = false) {
        diags_.add(at(node), std::move(rule), std::move(message), cross_document);
    }
    void type_error(const YamlNode& node, std::string message) { error(node, "wrong-type", std::move(message)); }

    Fields fields(const YamlNode& map, std::string where, std::span<const std::string_view> allowed) {
        return Fields(map, std::move(where), allowed, file_, diags_);
    }
    // The field's value; a missing one is reported at the mapping that should hold it.
    const YamlNode* require(const Fields& fields, std::string_view name);
    // The node is a mapping; else reports it.
    bool check_map(const YamlNode& value, std::string_view label);
    bool check_not_alias(const YamlNode& value);

    // A scalar that a YAML 1.2 reader sees as a string. `secret`: never echo the value.
    std::optional<std::string> string_value(const YamlNode& value, std::string_view label, bool secret);
    // A string that takes no references: "${" must be written "$${".
    std::optional<std::string> plain_string(const YamlNode& value, std::string_view label);
    // A plain string that is not blank.
    std::optional<std::string> name_value(const YamlNode& value, std::string_view label);
    // A string that takes references, parsed (not resolved). Never echoes the value.
    std::optional<Template> template_value(const YamlNode& value, std::string_view label);
    std::optional<bool> bool_value(const YamlNode& value, std::string_view label);
    // One of `choices`, returned as its index.
    std::optional<std::size_t> enum_value(const YamlNode& value, std::string_view label,
                                          std::span<const std::string_view> choices);
    // One of the words in a model table (model/named.hpp).
    template <class Enum>
    std::optional<Enum> enum_value(const YamlNode& value, std::string_view label,
                                   std::span<const model::Named<Enum>> table) {
        std::vector<std::string_view> texts;
        texts.reserve(table.size());
        for (const auto& entry : table) texts.push_back(entry.text);
        const auto index = enum_value(value, label, texts);
        if (!index) return std::nullopt;
        return table[*index].value;
    }

  private:
    const std::string& file_;
    Diagnostics& diags_;
};

} // namespace tabhook::manifest
