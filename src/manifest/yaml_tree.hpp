#pragma once
// YAML text -> a small tree of nodes with 1-based positions, built from yaml-cpp's parser events.
// Building the tree ourselves (rather than using YAML::Node) keeps what the validator needs and
// yaml-cpp hides: whether a scalar was quoted, every duplicate key, and aliases left unexpanded, so
// an alias bomb costs nothing. Input limits make any file end in a diagnostic, never a crash or hang.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/diagnostic.hpp"

namespace tabhook::manifest {

inline constexpr std::size_t kMaxFileBytes = std::size_t{8} * 1024 * 1024;
inline constexpr std::size_t kMaxDepth = 64;
inline constexpr std::size_t kMaxNodes = 1'000'000;

struct YamlNode {
    enum class Kind { null, scalar, sequence, map, alias };
    Kind kind = Kind::null;
    int line = 0;                   // 1-based
    int column = 0;                 // 1-based
    std::string tag;                // "?" for a plain scalar, "!" for a quoted one, else the explicit tag
    std::string value;              // scalar text
    std::vector<YamlNode> children; // sequence: the items; map: key, value, key, value, ...

    bool is_map() const { return kind == Kind::map; }
    std::size_t map_size() const { return children.size() / 2; }
    const YamlNode& key(std::size_t i) const { return children[2 * i]; }
    const YamlNode& value_at(std::size_t i) const { return children[2 * i + 1]; }
};

struct YamlFile {
    std::vector<YamlNode> documents; // every complete document, in order
    bool complete = true;            // false: an error stopped reading before the end
};

// Parses every document in `text`; problems become diagnostics located in `file`.
YamlFile read_yaml(const std::string& file, std::string_view text, Diagnostics& diagnostics);

// The type a YAML 1.2 (core schema) reader gives a scalar: what editors and JSON Schema tools see.
enum class ScalarType { null, boolean, integer, floating, string, unsupported_tag };
ScalarType scalar_type(const YamlNode& node);

} // namespace tabhook::manifest
