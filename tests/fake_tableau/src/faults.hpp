#pragma once
// Injected faults (POST/DELETE /_fake/faults). A fault matches requests by method and path glob and
// fires for a limited number of matching requests; the first matching fault with hits left wins.
#include "api_error.hpp"

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fake {

enum class FaultKind {
    latency,       // wait latency_ms, then answer normally
    error,         // answer `status` with a Tableau error body (code, summary, detail)
    rate_limit,    // answer 429 with Retry-After and a Tableau error body
    drop,          // close the connection without an answer; nothing is executed
    token_expiry,  // the caller's session expires just before the request is handled (→ 401002)
    lose_response, // execute the request (the write happens), then close without an answer
};

std::string_view to_string(FaultKind k);

struct Fault {
    int id = 0;
    std::string method = "*"; // "*" matches any method
    std::string path = "**";  // glob: * within a segment, ** across segments
    FaultKind kind = FaultKind::error;
    int latency_ms = 0;  // any kind may add latency first
    ApiError error;      // kind error / rate_limit
    int retry_after = 1; // seconds, kind rate_limit
    int remaining = 1;   // -1: unlimited
    int hits = 0;
};

class FaultStore {
  public:
    // Accepts one fault object or an array of them. Returns the new ids, or nullopt and `error`.
    std::optional<std::vector<int>> add_json(std::string_view body, std::string& error);
    void clear();
    // The fault to apply to this request, consuming one of its hits.
    std::optional<Fault> take(const std::string& method, const std::string& path);
    std::string list_json() const;

  private:
    mutable std::mutex mutex_;
    std::vector<Fault> faults_;
    int next_id_ = 1;
};

} // namespace fake
