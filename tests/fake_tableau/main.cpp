// fake-tableau: a local, in-memory Tableau REST server for tabhook's tests and demo.
#include "server.hpp"

#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <unistd.h>

namespace {

// The port file is written to a temporary name and renamed, so a reader never sees it half-written.
bool write_port_file(const std::string& path, int port) {
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << port << '\n';
        if (!out.flush()) return false;
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    return !ec;
}

} // namespace

int main(int argc, char** argv) {
    std::string message;
    bool help = false;
    const auto options = fake::parse_options(argc, argv, message, help);
    if (!options) {
        (help ? std::cout : std::cerr) << message;
        return help ? 0 : 64;
    }
    fake::Seed seed = fake::default_seed();
    if (!options->seed_file.empty()) {
        std::ifstream in(options->seed_file);
        std::stringstream text;
        text << in.rdbuf();
        if (!in) {
            std::cerr << "fake-tableau: cannot read seed file " << options->seed_file << "\n";
            return 1;
        }
        std::string error;
        auto parsed = fake::parse_seed(text.str(), error);
        if (!parsed) {
            std::cerr << "fake-tableau: invalid seed file " << options->seed_file << ": " << error << "\n";
            return 1;
        }
        seed = std::move(*parsed);
    }

    // SIGINT/SIGTERM are blocked in every thread and taken synchronously by sigwait below, so the
    // shutdown runs in ordinary code, not in a signal handler.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    fake::FakeServer server(*options, std::move(seed));
    std::string error;
    if (!server.start(error)) {
        std::cerr << "fake-tableau: " << error << "\n";
        return 1;
    }
    if (!options->port_file.empty() && !write_port_file(options->port_file, server.port())) {
        std::cerr << "fake-tableau: cannot write port file " << options->port_file << "\n";
        server.stop();
        return 1;
    }
    std::printf("fake-tableau listening on %s\n", server.url().c_str());
    std::fflush(stdout);

    int sig = 0;
    sigwait(&stop_signals, &sig);
    server.stop();
    std::fprintf(stderr, "fake-tableau: stopped on %s\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    return 0;
}
