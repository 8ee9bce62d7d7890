#pragma once
// How the manifest spells each value of the desired state's enums: one {text, value} table per enum, read
// by the manifest reader (manifest/field_reader.hpp) and by model::to_string, so the two cannot drift.
#include <array>
#include <string_view>

#include "model/desired.hpp"

namespace tabhook::model {

template <class Enum> struct Spelling {
    std::string_view text;
    Enum value;
};

inline constexpr std::array<Spelling<Prune>, 3> kPruneSpellings{
    {{"none", Prune::none}, {"owned", Prune::owned}, {"all", Prune::all}}};
inline constexpr std::array<Spelling<UpdateStrategy>, 2> kUpdateStrategySpellings{
    {{"replace", UpdateStrategy::replace}, {"in-place", UpdateStrategy::in_place}}};
inline constexpr std::array<Spelling<TestPolicy>, 3> kTestPolicySpellings{
    {{"required", TestPolicy::required}, {"best-effort", TestPolicy::best_effort}, {"skip", TestPolicy::skip}}};

// The text of `value` in `table`; the first entry (the default) for a value the table lacks.
template <class Enum, std::size_t N>
constexpr std::string_view spelling_of(const std::array<Spelling<Enum>, N>& table, Enum value) {
    for (const auto& entry : table)
        if (entry.value == value) return entry.text;
    return table[0].text;
}

} // namespace tabhook::model
