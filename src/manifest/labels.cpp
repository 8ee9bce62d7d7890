#include "manifest/labels.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace tabhook::manifest {

namespace {

constexpr std::size_t kMaxNameLength = 63;
constexpr std::size_t kMaxPrefixLength = 253;

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// The name part of a key, and a non-empty value: [A-Za-z0-9-_.], alphanumeric at both ends, ≤ 63.
std::optional<std::string> name_problem(std::string_view text, std::string_view what) {
    if (text.size() > kMaxNameLength) return fmt::format("{} must be {} characters or less", what, kMaxNameLength);
    for (char c : text)
        if (!is_alnum(c) && c != '-' && c != '_' && c != '.')
            return fmt::format("{} may contain only letters, digits, '-', '_' and '.'", what);
    if (!is_alnum(text.front()) || !is_alnum(text.back()))
        return fmt::format("{} must start and end with a letter or digit", what);
    return std::nullopt;
}

// A DNS subdomain (RFC 1123): lower-case labels of [a-z0-9-], alphanumeric at both ends, joined by '.'.
std::optional<std::string> prefix_problem(std::string_view prefix) {
    const std::string rule = "the prefix before '/' must be a DNS subdomain (lower-case letters, digits, '-' and "
                             "'.', such as example.com)";
    if (prefix.empty() || prefix.size() > kMaxPrefixLength) return rule;
    std::size_t start = 0;
    while (start <= prefix.size()) {
        const std::size_t dot = std::min(prefix.find('.', start), prefix.size());
        const std::string_view label = prefix.substr(start, dot - start);
        if (label.empty() || label.size() > kMaxNameLength || !is_lower_alnum(label.front()) ||
            !is_lower_alnum(label.back()))
            return rule;
        for (char c : label)
            if (!is_lower_alnum(c) && c != '-') return rule;
        start = dot + 1;
    }
    return std::nullopt;
}

std::string values_text(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
    return out;
}

} // namespace

std::optional<std::string> label_key_problem(std::string_view key) {
    if (key.empty()) return std::string("a label key must not be empty");
    const std::size_t slash = key.find('/');
    if (slash != std::string_view::npos) {
        if (auto problem = prefix_problem(key.substr(0, slash))) return problem;
        key.remove_prefix(slash + 1);
        if (key.empty()) return std::string("a label key needs a name after its prefix and '/'");
    }
    return name_problem(key, "a label key's name");
}

std::optional<std::string> label_value_problem(std::string_view value) {
    if (value.empty()) return std::nullopt;
    return name_problem(value, "a label value");
}

bool matches(const LabelRequirement& requirement, const Labels& labels) {
    const auto it = labels.find(requirement.key);
    const auto listed = [&] {
        return std::find(requirement.values.begin(), requirement.values.end(), it->second) != requirement.values.end();
    };
    switch (requirement.op) {
    case LabelRequirement::Operator::in: return it != labels.end() && listed();
    case LabelRequirement::Operator::not_in: return it == labels.end() || !listed(); // Kubernetes: missing = not in
    case LabelRequirement::Operator::exists: return it != labels.end();
    case LabelRequirement::Operator::does_not_exist: return it == labels.end();
    }
    return false;
}

bool matches(const LabelSelector& selector, const Labels& labels) {
    return std::all_of(selector.requirements.begin(), selector.requirements.end(),
                       [&](const LabelRequirement& r) { return matches(r, labels); });
}

std::string to_string(const LabelRequirement& requirement) {
    switch (requirement.op) {
    case LabelRequirement::Operator::in:
        if (requirement.values.size() == 1) return fmt::format("{}={}", requirement.key, requirement.values.front());
        return fmt::format("{} in ({})", requirement.key, values_text(requirement.values));
    case LabelRequirement::Operator::not_in:
        return fmt::format("{} notin ({})", requirement.key, values_text(requirement.values));
    case LabelRequirement::Operator::exists: return requirement.key;
    case LabelRequirement::Operator::does_not_exist: return "!" + requirement.key;
    }
    return "";
}

std::string to_string(const LabelSelector& selector) {
    if (selector.requirements.empty()) return "{}";
    std::string out;
    for (const auto& r : selector.requirements) out += (out.empty() ? "" : ", ") + to_string(r);
    return out;
}

} // namespace tabhook::manifest
