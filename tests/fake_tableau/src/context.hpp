#pragma once
// Everything one running fake holds, shared by the API routes, the control API and the transport.
#include "deliveries.hpp"
#include "events.hpp"
#include "faults.hpp"
#include "options.hpp"
#include "rate_limit.hpp"
#include "request_log.hpp"
#include "seed.hpp"
#include "state_store.hpp"

#include <mutex>

namespace fake {

struct Context {
    Context(Options opts, Seed initial)
        : options(std::move(opts)), seed(std::move(initial)), state(options.token_ttl, options.profile),
          limiter(options.rate_limit), deliverer(receivers, options.delivery_timeout),
          events(state, deliverer, deliveries) {
        state.reset(seed);
    }

    Options options;
    std::mutex seed_mutex;
    Seed seed; // what POST /_fake/reset without a body returns to
    StateStore state;
    FaultStore faults;
    RequestLog requests;
    RateLimiter limiter; // --rate-limit
    ReceiverStore receivers;
    DeliveryLog deliveries;
    Deliverer deliverer;
    EventFirer events;
};

} // namespace fake
