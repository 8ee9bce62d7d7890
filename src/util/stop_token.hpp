#pragma once
// "Has a stop been asked for?" (SIGINT/SIGTERM): the one way the REST client, the executor and the
// daemon's cycle learn that they should start nothing new. A token reads a flag it does not own (the
// signal handler's, or a StopSource's in tests); a default token never stops. Reading is one lock-free
// load, so the flag may be set from a signal handler.
#include <atomic>

namespace tabhook::util {

class StopToken {
  public:
    StopToken() = default;
    explicit StopToken(const std::atomic<bool>& flag) : flag_(&flag) {}
    bool stop_requested() const { return flag_ != nullptr && flag_->load(); }

  private:
    const std::atomic<bool>* flag_ = nullptr;
};

// A flag of one's own and the tokens reading it: for callers without a signal handler (tests, tools).
class StopSource {
  public:
    StopToken token() const { return StopToken(flag_); }
    void request_stop() { flag_.store(true); }

  private:
    std::atomic<bool> flag_{false};
};

} // namespace tabhook::util
