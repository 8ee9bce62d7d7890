#pragma once
// Shared body of the response fuzzers: every decoder of Tableau responses gets the same bytes. Decoding
// must never crash, hang or leak, must fail closed (a list that decodes has ids on every webhook), and its
// error text must never quote the body.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tableau/codec.hpp"

namespace tabhook::fuzz {

inline void check(bool condition) {
    if (!condition) std::abort();
}

// The error text is written by the decoder, not copied from the body: a body that holds this marker
// must never see it come back in an error.
inline constexpr std::string_view kMarker = "FUZZMARK";

inline void no_echo(std::string_view body, const std::string& error) {
    if (body.find(kMarker) != std::string_view::npos) check(error.find(kMarker) == std::string::npos);
}

inline void decode_everything(std::string_view body) {
    using namespace tabhook::tableau::codec;
    if (auto r = decode_webhook_page(body)) {
        for (const auto& w : r->webhooks) check(!w.id.empty());
    } else {
        no_echo(body, r.error());
    }
    if (auto r = decode_webhook(body); !r) no_echo(body, r.error());
    if (auto r = decode_server_info(body); !r) no_echo(body, r.error());
    if (auto r = decode_credentials(body)) {
        check(!r->token.empty());
    } else {
        no_echo(body, r.error());
    }
    if (auto r = decode_test_result(body); !r) no_echo(body, r.error());
    if (auto r = decode_error(body); !r) no_echo(body, r.error());
}

} // namespace tabhook::fuzz
