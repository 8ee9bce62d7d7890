#pragma once
// Site labels and label selectors, as Kubernetes defines them: a key is an optional DNS-subdomain prefix
// and '/' then a name of at most 63 characters ([A-Za-z0-9-_.], starting and ending alphanumeric); a value
// is empty or follows the name rule. A selector's matchLabels and matchExpressions must all hold (AND);
// `NotIn` and `DoesNotExist` hold for a site that lacks the key, `In` and `Exists` do not.
//
// Decision: a selector is matched against Site labels only (not name, server or contentUrl), and an
// empty selector (`siteSelector: {}`) selects every Site, as in Kubernetes.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/location.hpp"

namespace tabhook::manifest {

using Labels = std::map<std::string, std::string>;

// Why `key` is not a valid label key ("must be 63 characters or less", ...), or nullopt.
std::optional<std::string> label_key_problem(std::string_view key);
// Why `value` is not a valid label value, or nullopt.
std::optional<std::string> label_value_problem(std::string_view value);

struct LabelRequirement {
    enum class Operator { in, not_in, exists, does_not_exist };
    std::string key;
    Operator op = Operator::in;
    std::vector<std::string> values; // In/NotIn: not empty; Exists/DoesNotExist: empty
    model::Location location;        // where the key is written
    bool from_match_labels = false;  // matchLabels {key: value} is In with one value
};

struct LabelSelector {
    std::vector<LabelRequirement> requirements; // matchLabels first, then matchExpressions, as written
};

bool matches(const LabelRequirement& requirement, const Labels& labels);
bool matches(const LabelSelector& selector, const Labels& labels);

// "env in (prod, staging)", "env=prod", "!team", for messages and `validate -v`.
std::string to_string(const LabelRequirement& requirement);
std::string to_string(const LabelSelector& selector); // "env=prod, tier notin (lab)"; "{}" when empty

} // namespace tabhook::manifest
