#pragma once
// The one terminal-colour helper: text wrapped in an SGR code and a reset when colour is on, the text
// itself otherwise. Whether it is on is the caller's decision (a TTY, no --no-color, no NO_COLOR).
#include <string>
#include <string_view>

namespace tabhook::util {

struct Colours {
    bool on = false;

    std::string bold(std::string_view text) const { return paint("1", text); }
    std::string red(std::string_view text) const { return paint("31", text); }
    std::string green(std::string_view text) const { return paint("32", text); }
    std::string yellow(std::string_view text) const { return paint("33", text); }
    std::string magenta(std::string_view text) const { return paint("35", text); }

  private:
    std::string paint(std::string_view code, std::string_view text) const {
        if (!on) return std::string(text);
        std::string out = "\033[";
        out.append(code).append("m").append(text).append("\033[0m");
        return out;
    }
};

} // namespace tabhook::util
