#include "manifest/selection_reader.hpp"

#include <array>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

namespace tabhook::manifest {

namespace {

constexpr std::array<std::string_view, 2> kSelectorFields{"matchLabels", "matchExpressions"};
constexpr std::array<std::string_view, 3> kExpressionFields{"key", "operator", "values"};
constexpr std::array<std::string_view, 4> kOperators{"In", "NotIn", "Exists", "DoesNotExist"};

using Operator = LabelRequirement::Operator;

std::optional<std::string> read_key(FieldReader& r, const YamlNode& node, std::string_view where) {
    auto key = r.plain_string(node, fmt::format("a label key in {}", where));
    if (!key) return std::nullopt;
    if (auto problem = label_key_problem(*key)) {
        r.error(node, "invalid-label", fmt::format("invalid label key {} in {}: {}", quoted(*key), where, *problem));
        return std::nullopt;
    }
    return key;
}

std::optional<std::string> read_value(FieldReader& r, const YamlNode& node, std::string_view label) {
    auto value = r.plain_string(node, label);
    if (!value) return std::nullopt;
    if (auto problem = label_value_problem(*value)) {
        r.error(node, "invalid-label", fmt::format("invalid {} {}: {}", label, quoted(*value), *problem));
        return std::nullopt;
    }
    return value;
}

// A mapping of label keys to values, as requirements `key In (value)` located at their keys.
std::optional<std::vector<LabelRequirement>> read_label_map(FieldReader& r, const YamlNode& node,
                                                            std::string_view where) {
    if (!r.check_map(node, where)) return std::nullopt;
    std::vector<LabelRequirement> out;
    std::unordered_map<std::string, int> seen; // key -> line
    bool ok = true;
    for (std::size_t i = 0; i < node.map_size(); ++i) {
        const YamlNode& key_node = node.key(i);
        auto key = read_key(r, key_node, where);
        if (!key) {
            ok = false;
            continue;
        }
        if (const auto [it, inserted] = seen.emplace(*key, key_node.line); !inserted) {
            r.error(key_node, "duplicate-key",
                    fmt::format("duplicate key {} in {}; the first is at line {}", quoted(*key), where, it->second),
                    true);
            ok = false;
            continue;
        }
        auto value = read_value(r, node.value_at(i), fmt::format("value of label {}", quoted(*key)));
        if (!value) {
            ok = false;
            continue;
        }
        out.push_back(LabelRequirement{*key, Operator::in, {*value}, r.at(key_node), true});
    }
    if (!ok) return std::nullopt;
    return out;
}

std::optional<LabelRequirement> read_expression(FieldReader& r, const YamlNode& node) {
    constexpr std::string_view where = "matchExpressions";
    if (!r.check_map(node, "an item of matchExpressions")) return std::nullopt;
    const Fields fields = r.fields(node, "an item of matchExpressions", kExpressionFields);
    LabelRequirement out;
    out.location = r.at(node);
    bool ok = true;
    if (const YamlNode* key = r.require(fields, "key")) {
        out.location = r.at(*key);
        if (auto v = read_key(r, *key, where))
            out.key = *v;
        else
            ok = false;
    } else {
        ok = false;
    }
    const YamlNode* op_node = r.require(fields, "operator");
    const auto op = op_node ? r.enum_value(*op_node, "operator", kOperators) : std::nullopt;
    if (!op) return std::nullopt;
    out.op = static_cast<Operator>(*op);
    const YamlNode* values = fields.value("values");
    const bool takes_values = out.op == Operator::in || out.op == Operator::not_in;
    if (values && r.check_not_alias(*values) && values->kind != YamlNode::Kind::sequence &&
        !(values->kind == YamlNode::Kind::null && !takes_values)) {
        r.type_error(*values, "values must be a list of strings");
        return std::nullopt;
    }
    const bool empty = !values || values->children.empty();
    if (takes_values && empty) {
        r.error(values ? *values : *op_node, "invalid-selector",
                fmt::format("operator {} needs a non-empty values list", kOperators[*op]));
        return std::nullopt;
    }
    if (!takes_values && !empty) {
        r.error(*values, "invalid-selector",
                fmt::format("operator {} takes no values; leave values out", kOperators[*op]));
        return std::nullopt;
    }
    if (values)
        for (const auto& item : values->children) {
            auto v = read_value(r, item, "value in matchExpressions");
            if (v)
                out.values.push_back(std::move(*v));
            else
                ok = false;
        }
    if (!ok) return std::nullopt;
    return out;
}

} // namespace

std::optional<Labels> read_labels(FieldReader& reader, const YamlNode& node) {
    auto requirements = read_label_map(reader, node, "metadata.labels");
    if (!requirements) return std::nullopt;
    Labels out;
    for (auto& r : *requirements) out.emplace(std::move(r.key), std::move(r.values.front()));
    return out;
}

std::optional<LabelSelector> read_selector(FieldReader& reader, const YamlNode& node) {
    if (!reader.check_map(node, "metadata.siteSelector")) return std::nullopt;
    const Fields fields = reader.fields(node, "metadata.siteSelector", kSelectorFields);
    LabelSelector out;
    bool ok = true;
    if (const YamlNode* match_labels = fields.value("matchLabels")) {
        if (auto requirements = read_label_map(reader, *match_labels, "matchLabels"))
            out.requirements = std::move(*requirements);
        else
            ok = false;
    }
    if (const YamlNode* expressions = fields.value("matchExpressions")) {
        if (!reader.check_not_alias(*expressions)) return std::nullopt;
        if (expressions->kind != YamlNode::Kind::sequence) {
            reader.type_error(*expressions, "matchExpressions must be a list of {key, operator, values}");
            return std::nullopt;
        }
        for (const auto& item : expressions->children) {
            if (auto requirement = read_expression(reader, item))
                out.requirements.push_back(std::move(*requirement));
            else
                ok = false;
        }
    }
    if (!ok) return std::nullopt;
    return out;
}

} // namespace tabhook::manifest
