#pragma once
// Expected failures cross module boundaries as values; exceptions are for bugs only.
#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace tabhook {

struct Error {
    std::string message;
};

template <typename T> using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(std::string message) { return tl::unexpected<Error>(Error{std::move(message)}); }

} // namespace tabhook
