#pragma once
// The request log behind GET /_fake/requests. It never holds a credential: no bodies of sign-in
// requests, no headers, query values under secret-looking keys replaced, sessions shown by serial number.
#include "http_types.hpp"

#include <cstddef>
#include <deque>
#include <mutex>
#include <string>

namespace fake {

struct LogEntry {
    std::string time;
    std::string method;
    std::string path;
    Pairs query;
    int status = 0;
    double duration_ms = 0;
    bool token = false; // an X-Tableau-Auth header was sent
    std::string accept;
    std::size_t body_bytes = 0;
    RequestNote note;
};

class RequestLog {
  public:
    explicit RequestLog(std::size_t capacity = 20000) : capacity_(capacity) {}
    void add(LogEntry e);
    void clear();
    // {"requests": [...], "dropped": N, "rate_limited": N}; entries whose seq is above `since`.
    // rate_limited counts every 429 answered since the last clear (by --rate-limit or a fault), including
    // entries no longer held; `since` does not filter it.
    std::string to_json(long long since = 0) const;

  private:
    mutable std::mutex mutex_;
    std::deque<std::pair<long long, LogEntry>> entries_;
    std::size_t capacity_;
    long long next_seq_ = 1;
    long long dropped_ = 0;
    long long rate_limited_ = 0;
};

// Replaces values under keys that look secret (token, secret, password, auth, key, jwt).
Pairs redact_query(const Pairs& query);

} // namespace fake
