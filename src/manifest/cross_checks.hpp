#pragma once
// Rules that need every document at once: one Site per name, no two Sites on one Tableau site (unless
// their name prefixes keep them apart), one webhook per name and site, every Webhook names a declared
// Site, and declared names start with their site's ownership.namePrefix.
#include "manifest/diagnostic.hpp"
#include "manifest/document.hpp"

namespace tabhook::manifest {

// `all_read`: every file was read to its end. When one was not, a Site may hide in the unread part,
// so undeclared site references are not reported (they would only repeat the first error).
void check_declarations(const Declarations& declarations, bool all_read, Diagnostics& diagnostics);

} // namespace tabhook::manifest
