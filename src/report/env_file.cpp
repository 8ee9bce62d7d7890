#include "report/env_file.hpp"

namespace tabhook::report {

std::string env_file_line(std::string_view name, std::string_view value) {
    std::string out(name);
    out += '=';
    if (value.find('\'') == std::string_view::npos) {
        out += '\'';
        out += value;
        out += '\'';
        return out;
    }
    out += '"';
    for (char c : value) {
        if (c == '\\' || c == '"' || c == '$' || c == '`') out += '\\';
        out += c;
    }
    out += '"';
    return out;
}

} // namespace tabhook::report
