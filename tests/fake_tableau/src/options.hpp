#pragma once
// Command-line options of fake-tableau (see tests/fake_tableau/README.md).
#include "profile.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace fake {

// --switch-site: whether POST /auth/switchSite works (Tableau Server) or is refused as on Tableau Cloud,
// where the method is documented as unavailable. A plain flag, not a row of the assumption matrix.
enum class SwitchSite { supported, unsupported };

struct Options {
    std::string listen_host = "127.0.0.1";
    int listen_port = 0; // 0: any free port
    std::string port_file;
    std::string seed_file;
    std::string api_version = "3.24";                               // the highest REST API version the server speaks
    std::chrono::milliseconds token_ttl{std::chrono::minutes(240)}; // Tableau Server's default idle limit [KB-TO]
    std::chrono::milliseconds latency{0};                           // added to every /api request
    bool xml_only = false;                                          // answer XML whatever Accept asks for
    std::chrono::milliseconds delivery_timeout{5000};
    std::vector<int> retry_delays_ms{100, 200, 400}; // between the 4 delivery attempts of an event
    std::size_t threads = 64;
    std::size_t max_body_bytes = 1024 * 1024;
    int rate_limit = 0; // --rate-limit: requests per second per site (token bucket, burst = the rate); 0 = none
    SwitchSite switch_site = SwitchSite::supported;
    ServerProfile profile; // the assumption matrix: --profile FILE, then one flag per row
};

// Parses argv; on error (or --help) returns nullopt and sets `message` (and `help` for --help).
std::optional<Options> parse_options(int argc, const char* const* argv, std::string& message, bool& help);
std::string usage();

// "3.24" → {3, 24}; nullopt when malformed.
struct ApiVersion {
    int major = 0;
    int minor = 0;
    auto operator<=>(const ApiVersion&) const = default;
};
std::optional<ApiVersion> parse_api_version(const std::string& text);

} // namespace fake
