#pragma once
// Outbound requests: Test a Webhook and event deliveries. Destinations are loopback only: any other
// host gets a simulated connection failure before any socket or name lookup exists. Every attempt is
// recorded in the delivery log (GET /_fake/deliveries); what the built-in receivers got is recorded in
// the receiver store (GET /_fake/receiver/{name}).
#include "http_types.hpp"
#include "support.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace fake {

// What one delivery attempt got back. status 0: no HTTP answer (see error).
struct DeliveryResult {
    int status = 0;
    std::string body;
    std::string error;       // "" when an HTTP answer arrived
    bool simulated = false;  // refused without any connection (non-loopback or invalid destination)
    bool in_process = false; // handled by this process's own receiver without a socket
    double elapsed_ms = 0;
};

struct DeliveryRecord {
    std::string time;
    std::string kind; // "test" | "event"
    std::string event_id;
    std::string event;
    std::string webhook_id;
    std::string webhook_name;
    std::string site_id;
    std::string url;
    int attempt = 1;
    std::string payload;
    DeliveryResult result;
};

class DeliveryLog {
  public:
    void add(DeliveryRecord r);
    void clear();
    std::string to_json(const std::string& webhook_id_filter, long long since) const;

  private:
    mutable std::mutex mutex_;
    std::deque<std::pair<long long, DeliveryRecord>> records_;
    long long next_seq_ = 1;
};

struct ReceivedRequest {
    std::string time;
    std::string method;
    std::string target; // path and query as received
    std::string body;
    std::string content_type;
    std::string user_agent;
    int answered = 0; // the status the receiver answered
};

// The built-in receivers at /_fake/receiver/{name}. A receiver answers the status given by ?status=
// (200 by default), after ?delay_ms= milliseconds, with ?body= (default "ok") as its body.
class ReceiverStore {
  public:
    struct Answer {
        int status = 200;
        int delay_ms = 0;
        std::string body = "ok";
    };
    static Answer answer_for(const Pairs& query);
    void record(const std::string& name, ReceivedRequest r);
    std::string to_json(const std::string& name) const;
    void clear();

  private:
    mutable std::mutex mutex_;
    std::map<std::string, std::vector<ReceivedRequest>> received_;
};

struct DeliveryStats {
    std::atomic<long long> simulated{0};   // non-loopback or invalid: refused without a connection
    std::atomic<long long> in_process{0};  // to this process's own receivers
    std::atomic<long long> connections{0}; // real loopback connections opened
};

class Deliverer {
  public:
    Deliverer(ReceiverStore& receivers, std::chrono::milliseconds timeout) : receivers_(receivers), timeout_(timeout) {}

    void set_self_port(int port) { self_port_ = port; }
    // POSTs `body` (may be empty) as application/json to `url`, bounded by the delivery timeout.
    DeliveryResult post(const std::string& url, const std::string& body);
    const DeliveryStats& stats() const { return stats_; }
    std::chrono::milliseconds timeout() const { return timeout_; }

  private:
    DeliveryResult in_process(const ParsedUrl& url, const std::string& body);

    ReceiverStore& receivers_;
    std::chrono::milliseconds timeout_;
    std::atomic<int> self_port_{0};
    DeliveryStats stats_;
};

// The HTTP side (http_delivery.cpp, the only outbound user of httplib): a POST to a loopback URL.
DeliveryResult http_post(const ParsedUrl& url, const std::string& body, std::chrono::milliseconds timeout);

// Splits and percent-decodes a query string ("a=1&b=%20").
Pairs parse_query(std::string_view query);

inline constexpr const char* kDeliveryUserAgent = "Tableau-Webhooks (fake-tableau)";

} // namespace fake
