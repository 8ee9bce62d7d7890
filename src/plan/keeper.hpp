#pragma once
// Which of several live webhooks with one name is kept: one rule for every process and command (plan,
// apply's verification re-list, test, export), so two runs that see the same webhooks agree on which
// survives, whatever order the server lists them in.
//
// The order is "oldest first": by createdAt (ISO-8601 as the server sends it, compared as text), then by
// id. A webhook without createdAt comes after every webhook that has one (its age is unknown, so it is
// never preferred over one known to be older), and among those without createdAt the id decides. The
// list order never decides: Tableau documents none.
#include <vector>

#include "model/desired.hpp"
#include "model/live.hpp"

namespace tabhook::plan {

// A strict total order over webhooks with distinct ids: true when `a` is kept in preference to `b`.
bool kept_before(const model::LiveWebhook& a, const model::LiveWebhook& b);

// Sorts a name's group into the keeper order.
void sort_keeper_order(std::vector<const model::LiveWebhook*>& group);

// The webhook of `group` (webhooks with one name, in any order) that is kept: the first in keeper order
// that already matches `declared` (event, url, enabled), else the first. Null for an empty group; with
// `declared` null, the first in keeper order.
const model::LiveWebhook* pick_keeper(const std::vector<const model::LiveWebhook*>& group,
                                      const model::Webhook* declared);

} // namespace tabhook::plan
