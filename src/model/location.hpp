#pragma once
#include <string>

namespace tabhook::model {

// Where something was written: file and 1-based line and column. Empty file: not from a manifest.
struct Location {
    std::string file;
    int line = 0;
    int column = 0;
    bool operator==(const Location&) const = default;
};

} // namespace tabhook::model
