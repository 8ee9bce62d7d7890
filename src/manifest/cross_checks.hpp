#pragma once
// Rules that need every document at once: one Site per name, no two Sites on one Tableau site (unless
// their name prefixes keep them apart), every Webhook names declared Sites (or its selector selects one),
// Webhook declarations expanded to one Webhook per site (expansion.hpp), one webhook per name and site
// (whichever documents declare it), and names start with their site's ownership.namePrefix.
#include <vector>

#include "manifest/diagnostic.hpp"
#include "manifest/document.hpp"
#include "manifest/expansion.hpp"

namespace tabhook::manifest {

// `all_read`: every file was read to its end. When one was not, a Site may hide in the unread part,
// so undeclared site references are not reported (they would only repeat the first error).
struct Checked {
    std::vector<model::Webhook> webhooks; // expanded: one per declaration and selected site
    std::vector<Expansion> expansions;    // the declarations with metadata.sites or metadata.siteSelector
};
Checked check_declarations(const Declarations& declarations, bool all_read, Diagnostics& diagnostics);

} // namespace tabhook::manifest
