#pragma once
// Which sites may be worked on at the same time. Signing in with a personal access token ends that
// token's earlier session (one PAT holds one session), so sites that sign in with the same PAT on the
// same server would end each other's sessions mid-run if they ran side by side. They run one after
// another instead; every other site runs on its own thread.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "model/desired.hpp"

namespace tabhook::tableau {

// Groups of site indices, in the sites' order: the sites of one group share a PAT on one server
// (servers compared by origin, so case and a default port do not matter). A site signing in with a
// password is alone in its group: a user may hold several password sessions.
std::vector<std::vector<std::size_t>> session_groups(const std::vector<model::Site>& sites);

// Runs fn(group) for every group of session_groups(sites) and waits for all: one thread per group.
void for_each_group(const std::vector<model::Site>& sites,
                    const std::function<void(const std::vector<std::size_t>& group)>& fn);

// Runs fn(i) for every site index and waits for all: groups in parallel, one thread per group, the
// sites of a group one after another in their order.
void for_each_site(const std::vector<model::Site>& sites, const std::function<void(std::size_t)>& fn);

} // namespace tabhook::tableau

namespace tabhook::tableau {

// Sites that signed in to one Tableau site (the site id sign-in returned: aliases such as `localhost` and
// 127.0.0.1, or two DNS names, cannot hide it) and may not share it (model::site_conflicts): for each
// site, the error that refuses every write to it this run, or "" when it may go ahead. `site_ids[i]` is
// "" when site i did not sign in. Call it after every site is signed in and listed, before any write.
std::vector<std::string> shared_site_errors(const std::vector<model::Site>& sites,
                                            const std::vector<std::string>& site_ids);

} // namespace tabhook::tableau
