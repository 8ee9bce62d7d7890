#include "model/desired.hpp"

#include <array>

namespace tabhook::model {

namespace {

constexpr std::array<Named<Prune>, 3> kPrune{{{Prune::none, "none"}, {Prune::owned, "owned"}, {Prune::all, "all"}}};
constexpr std::array<Named<UpdateStrategy>, 2> kUpdateStrategy{
    {{UpdateStrategy::replace, "replace"}, {UpdateStrategy::in_place, "in-place"}}};
constexpr std::array<Named<TestPolicy>, 3> kTestPolicy{
    {{TestPolicy::required, "required"}, {TestPolicy::best_effort, "best-effort"}, {TestPolicy::skip, "skip"}}};

} // namespace

std::span<const Named<Prune>> prune_names() { return kPrune; }
std::span<const Named<UpdateStrategy>> update_strategy_names() { return kUpdateStrategy; }
std::span<const Named<TestPolicy>> test_policy_names() { return kTestPolicy; }

const char* to_string(Prune p) { return text_of(prune_names(), p).data(); }
const char* to_string(UpdateStrategy u) { return text_of(update_strategy_names(), u).data(); }
const char* to_string(TestPolicy t) { return text_of(test_policy_names(), t).data(); }

} // namespace tabhook::model
