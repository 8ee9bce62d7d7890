#pragma once
// Flags that take one word from a fixed list (--format, --test, --mode) bound to an enum: the words come
// from a `{value, text}` table (model/named.hpp), --help lists them with the default, and any other word
// is a usage error (exit 64) that names the choices.
#include <array>
#include <map>
#include <span>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "model/named.hpp"

namespace tabhook::cli {

// --format: what each command accepts is a subset (add_common_flags, validate, events).
enum class Format { text, json, markdown, github };
inline constexpr std::array<model::Named<Format>, 4> kFormats{
    {{Format::text, "text"}, {Format::json, "json"}, {Format::markdown, "markdown"}, {Format::github, "github"}}};

// The entries of `table` spelled as in `words`, in the order of `words`.
template <typename E>
std::vector<model::Named<E>> choose(std::span<const model::Named<E>> table, const std::vector<std::string>& words) {
    std::vector<model::Named<E>> out;
    for (const auto& w : words)
        for (const auto& n : table)
            if (n.text == w) out.push_back(n);
    return out;
}

// Adds `name`, taking one of `choices`' words into `value`. Help shows "TEXT:{a,b}=default". An unlisted
// word fails with CLI11's "--name: x not in {a,b}" (IsMember, checked first, so the enum's number is
// refused too); CheckedTransformer then turns the word into the value.
template <typename E>
CLI::Option* add_choice(CLI::App* cmd, const std::string& name, E& value, std::span<const model::Named<E>> choices,
                        const std::string& description) {
    std::vector<std::string> words;
    std::map<std::string, E> by_word;
    for (const auto& c : choices) {
        words.emplace_back(c.text);
        by_word.emplace(c.text, c.value);
    }
    CLI::Validator bind = CLI::CheckedTransformer(by_word);
    bind.description(""); // IsMember already lists the words
    return cmd->add_option(name, value, description)
        ->transform(bind)
        ->transform(CLI::IsMember(words)) // inserted first: runs before the transformer
        ->type_name("TEXT")
        ->default_str(std::string(model::text_of(choices, value)));
}

} // namespace tabhook::cli
