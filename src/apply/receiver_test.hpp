#pragma once
// A receiver test through Tableau's test endpoint (POST .../webhooks/<id>/test): one retry on a non-2xx
// before it counts as failed (receivers behind cold starts answer late), recorded in the audit log.
// Used after an apply (SiteRun::test) and by `tabhook test` (test_declared, executor.hpp).
#include <string>

#include "apply/executor.hpp"

namespace tabhook::apply {

// `url` is the webhook's destination, reported redacted.
plan::TestOutcome run_test(const std::string& site, const std::string& name, const std::string& id,
                           const std::string& url, model::TestPolicy policy, tableau::WriteClient& client,
                           const ApplyOptions& options);

} // namespace tabhook::apply
