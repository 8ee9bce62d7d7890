#pragma once
// Every exit status tabhook returns, in one place (product.md "Commands"): report/exit_code.hpp, which
// `tabhook run --once` uses too.
#include "report/exit_code.hpp"

namespace tabhook::cli {

using report::combine_exit_codes;
using report::ExitCode;
using enum report::ExitCode;

} // namespace tabhook::cli
