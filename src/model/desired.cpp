#include "model/desired.hpp"

namespace tabhook::model {

const char* to_string(Prune p) {
    switch (p) {
    case Prune::none: return "none";
    case Prune::owned: return "owned";
    case Prune::all: return "all";
    }
    return "none";
}

const char* to_string(UpdateStrategy u) { return u == UpdateStrategy::in_place ? "in-place" : "replace"; }

const char* to_string(TestPolicy t) {
    switch (t) {
    case TestPolicy::required: return "required";
    case TestPolicy::best_effort: return "best-effort";
    case TestPolicy::skip: return "skip";
    }
    return "required";
}

} // namespace tabhook::model
