#pragma once
// The label syntax in documents: a Site's metadata.labels and a Webhook's metadata.siteSelector
// (matchLabels, matchExpressions), checked as Kubernetes checks them (manifest/labels.hpp). Problems are
// reported at the key or value that has them (rules invalid-label, invalid-selector).
#include <optional>

#include "manifest/field_reader.hpp"
#include "manifest/labels.hpp"

namespace tabhook::manifest {

// metadata.labels: a mapping of label keys to string values. nullopt when it has a problem (reported).
std::optional<Labels> read_labels(FieldReader& reader, const YamlNode& node);

// metadata.siteSelector. nullopt when it has a problem (reported).
std::optional<LabelSelector> read_selector(FieldReader& reader, const YamlNode& node);

} // namespace tabhook::manifest
