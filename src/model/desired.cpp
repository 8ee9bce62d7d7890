#include "model/desired.hpp"

#include "model/spellings.hpp"

namespace tabhook::model {

// The tables' texts are literals, so each view is a null-terminated string.
const char* to_string(Prune p) { return spelling_of(kPruneSpellings, p).data(); }
const char* to_string(UpdateStrategy u) { return spelling_of(kUpdateStrategySpellings, u).data(); }
const char* to_string(TestPolicy t) { return spelling_of(kTestPolicySpellings, t).data(); }

} // namespace tabhook::model
