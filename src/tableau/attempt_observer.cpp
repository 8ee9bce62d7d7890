#include "tableau/attempt_observer.hpp"

namespace tabhook::tableau {

namespace {
thread_local AttemptObserver* current = nullptr;
} // namespace

ObserveAttempts::ObserveAttempts(AttemptObserver* observer) : previous_(current) { current = observer; }

ObserveAttempts::~ObserveAttempts() { current = previous_; }

AttemptObserver* attempt_observer() { return current; }

} // namespace tabhook::tableau
