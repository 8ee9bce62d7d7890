#pragma once
// Firing an event (POST /_fake/events): Tableau's JSON payload goes to every enabled webhook of the site
// subscribed to the event, with Tableau's retry rule: a non-2xx answer (or none) is retried up to 3 more
// times "with diminishing frequency" [WD-2020, webhooks-docs#23]; the delays are settable in ms.
#include "deliveries.hpp"
#include "state_store.hpp"

#include <atomic>
#include <condition_variable>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace fake {

struct FireRequest {
    std::string site_id;
    std::string event;    // canonical name
    std::string resource; // payload `resource`
    std::string resource_name;
    std::string resource_luid;
    std::vector<int> retry_delays_ms; // one entry per retry
    bool wait = true;                 // answer after all attempts; false: deliver in the background
};

class EventFirer {
  public:
    EventFirer(StateStore& state, Deliverer& deliverer, DeliveryLog& log)
        : state_(state), deliverer_(deliverer), log_(log) {}
    ~EventFirer() { stop(); }
    EventFirer(const EventFirer&) = delete;
    EventFirer& operator=(const EventFirer&) = delete;

    // The JSON answer of POST /_fake/events: event id, payload, and per webhook the attempts made
    // (when waiting) or the number of subscribers (when delivering in the background).
    std::string fire(const FireRequest& req);
    // Interrupts retry delays and joins background deliveries.
    void stop();

  private:
    struct Background {
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> done;
    };
    std::string deliver_all(const FireRequest& req, const std::string& event_id, const std::string& payload,
                            const std::vector<Webhook>& targets);
    bool pause(int ms); // false when stopping

    StateStore& state_;
    Deliverer& deliverer_;
    DeliveryLog& log_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::list<Background> background_;
};

} // namespace fake
