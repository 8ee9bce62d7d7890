#pragma once
// Shared body of the response fuzzers: every decoder of Tableau responses gets the same bytes. Decoding
// must never crash, hang or leak, must fail closed (a list that decodes has ids on every webhook), every
// string it returns must be valid UTF-8, and its error text must never quote the body.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tableau/codec.hpp"
#include "util/strings.hpp"

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
        for (const auto& w : r->webhooks) {
            check(!w.id.empty());
            // One rule for every decoded string: valid UTF-8 (tableau/README.md).
            for (const std::string* f : {&w.id, &w.name, &w.event.str(), &w.url, &w.status_change_reason, &w.owner_id,
                                         &w.owner_name, &w.created_at})
                check(util::is_valid_utf8(*f));
        }
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
    if (auto r = decode_error(body)) {
        check(util::is_valid_utf8(r->code) && util::is_valid_utf8(r->summary) && util::is_valid_utf8(r->detail));
    } else {
        no_echo(body, r.error());
    }
}

} // namespace tabhook::fuzz
