#pragma once
// `{value, text}` tables: the one place an enum's words are spelled. to_string reads them, and so can
// whatever parses the same words (the manifest reader, the command line's choices), so a word is never
// spelled twice.
#include <optional>
#include <span>
#include <string_view>

namespace tabhook::model {

template <typename E> struct Named {
    E value;
    std::string_view text; // a literal: also null-terminated
};

// The word for `value`; the table's first word when `value` is not in it (tables list every value).
template <typename E> constexpr std::string_view text_of(std::span<const Named<E>> table, E value) {
    for (const auto& n : table)
        if (n.value == value) return n.text;
    return table.front().text;
}

// The value spelled `text`, exactly (case-sensitive), if the table has it.
template <typename E> constexpr std::optional<E> value_of(std::span<const Named<E>> table, std::string_view text) {
    for (const auto& n : table)
        if (n.text == text) return n.value;
    return std::nullopt;
}

} // namespace tabhook::model
