#pragma once
// Every exit status tabhook returns and the one rule for which wins when several apply (product.md
// "Commands"), shared by the CLI's commands and `tabhook run --once`.
namespace tabhook::report {

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
constexpr int combine_exit_codes(int a, int b) {
    constexpr int order[] = {kError, kRefused, kTestFailed, kChanges};
    for (int code : order)
        if (a == code || b == code) return code;
    return a != kOk ? a : b;
}

// What a command or a daemon cycle ran into.
struct ExitFacts {
    bool interrupted = false; // SIGINT/SIGTERM: wins over everything
    bool error = false;       // a site not read, an operation failed, invalid manifests
    bool refused = false;     // a safety brake
    bool test_failed = false; // a required receiver test
    bool changes = false;     // changes pending or drift found, where the command reports them by status
};

// 130 when interrupted; otherwise combine_exit_codes over what happened; 0 when nothing did.
constexpr int exit_code(const ExitFacts& f) {
    if (f.interrupted) return kInterrupted;
    int code = kOk;
    if (f.error) code = combine_exit_codes(code, kError);
    if (f.refused) code = combine_exit_codes(code, kRefused);
    if (f.test_failed) code = combine_exit_codes(code, kTestFailed);
    if (f.changes) code = combine_exit_codes(code, kChanges);
    return code;
}

} // namespace tabhook::report
