#pragma once
// Each HTTP attempt a Session makes, shown to whoever owns the request on the calling thread. The client
// retries a 429 or a 503 by itself (retry_policy.hpp: after Retry-After, up to max_attempts), so its callers
// see one result per call and never the throttled attempts before it; `--parallel auto`
// (apply/adaptive_limit.hpp) needs every one of them. The executor installs an observer on its worker
// thread around each operation (ObserveAttempts); Session::send tells it as each attempt starts and ends.
// Thread-local rather than a ClientDeps member because one client (one session) is shared by every worker
// of a site, and even by several sites, while an attempt belongs to the operation running on the thread
// that sends it: a worker runs one operation at a time and Session::send runs on the caller's thread.
#include <chrono>
#include <optional>

namespace tabhook::tableau {

struct AttemptEnd {
    int status = 0; // the HTTP status; 0 when no answer came (connect error, timeout, dropped connection)
    std::optional<std::chrono::milliseconds> retry_after; // parsed Retry-After, when the answer had one
};

class AttemptObserver {
  public:
    virtual ~AttemptObserver() = default;
    virtual void attempt_started() = 0;
    virtual void attempt_ended(const AttemptEnd& end) = 0;
};

// The calling thread's observer for the scope's lifetime; the one before it is restored at the end.
class ObserveAttempts {
  public:
    explicit ObserveAttempts(AttemptObserver* observer);
    ~ObserveAttempts();
    ObserveAttempts(const ObserveAttempts&) = delete;
    ObserveAttempts& operator=(const ObserveAttempts&) = delete;

  private:
    AttemptObserver* previous_;
};

// The calling thread's observer, or null.
AttemptObserver* attempt_observer();

} // namespace tabhook::tableau
