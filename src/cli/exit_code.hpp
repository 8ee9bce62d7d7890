#pragma once
// Every exit status tabhook returns, in one place (product.md "Commands").
namespace tabhook::cli {

enum ExitCode : int {
    kOk = 0,
    kError = 1,         // invalid manifests, API or transport errors
    kChanges = 2,       // plan --detailed-exitcode: changes pending; drift: drift found
    kRefused = 3,       // apply: a safety brake refused the plan
    kTestFailed = 4,    // a required receiver test failed
    kCheckFailed = 5,   // doctor: at least one check failed (docs/commands.md, docs/first-contact.md)
    kUsage = 64,        // EX_USAGE: bad flags or arguments
    kInterrupted = 130, // SIGINT/SIGTERM during apply
};

// When several outcomes apply, the first of 1, 3, 4, 2 wins.
inline int combine_exit_codes(int a, int b) {
    constexpr int order[] = {kError, kRefused, kTestFailed, kChanges};
    for (int code : order)
        if (a == code || b == code) return code;
    return a != kOk ? a : b;
}

} // namespace tabhook::cli
