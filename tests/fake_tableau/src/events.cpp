#include "events.hpp"

#include <nlohmann/json.hpp>

namespace fake {

using nlohmann::json;
using nlohmann::ordered_json;

bool EventFirer::pause(int ms) {
    std::unique_lock lock(mutex_);
    return !cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_; });
}

std::string EventFirer::deliver_all(const FireRequest& req, const std::string& event_id, const std::string& payload,
                                    const std::vector<Webhook>& targets) {
    json results = json::array();
    for (const auto& w : targets) {
        json attempts = json::array();
        bool delivered = false;
        const std::size_t max_attempts = 1 + req.retry_delays_ms.size();
        for (std::size_t attempt = 1; attempt <= max_attempts; ++attempt) {
            if (attempt > 1 && !pause(req.retry_delays_ms[attempt - 2])) break;
            DeliveryResult r = deliverer_.post(w.url, payload);
            attempts.push_back({{"attempt", attempt}, {"status", r.status}, {"error", r.error}});
            delivered = r.status >= 200 && r.status < 300;
            log_.add({iso8601_now(true), "event", event_id, req.event, w.id, w.name, w.site_id, w.url,
                      static_cast<int>(attempt), payload, std::move(r)});
            if (delivered) break;
        }
        results.push_back(
            {{"webhook_id", w.id}, {"webhook_name", w.name}, {"delivered", delivered}, {"attempts", attempts}});
    }
    return results.dump(-1, ' ', false, json::error_handler_t::replace); // names may hold any bytes (nameHex)
}

std::string EventFirer::fire(const FireRequest& req) {
    const std::string event_id = state_.new_luid();
    // Tableau's payload, field order as documented [WD-2020 Payloads, H-EV].
    const ordered_json payload_json = {{"resource", req.resource},           {"event_type", req.event},
                                       {"resource_name", req.resource_name}, {"site_luid", req.site_id},
                                       {"resource_luid", req.resource_luid}, {"created_at", iso8601_now()}};
    const std::string payload = payload_json.dump();
    const std::vector<Webhook> targets = state_.subscribers(req.site_id, req.event);
    json answer = {{"event_id", event_id}, {"payload", json::parse(payload)}, {"subscribers", targets.size()}};
    if (req.wait) {
        answer["deliveries"] = json::parse(deliver_all(req, event_id, payload, targets));
        answer["pending"] = false;
        return answer.dump(-1, ' ', false, json::error_handler_t::replace);
    }
    std::lock_guard lock(mutex_);
    if (stopping_) return answer.dump(-1, ' ', false, json::error_handler_t::replace);
    background_.remove_if([](Background& b) {
        if (!b.done->load()) return false;
        b.thread.join();
        return true;
    });
    auto done = std::make_shared<std::atomic<bool>>(false);
    background_.push_back({std::thread([this, req, event_id, payload, targets, done] {
                               deliver_all(req, event_id, payload, targets);
                               done->store(true);
                           }),
                           done});
    answer["pending"] = true;
    return answer.dump(-1, ' ', false, json::error_handler_t::replace);
}

void EventFirer::stop() {
    std::list<Background> running;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        running.swap(background_);
    }
    cv_.notify_all();
    for (auto& b : running) b.thread.join();
}

} // namespace fake
