#pragma once
// A running fake-tableau: the HTTP transport (cpp-httplib) around the API routes and the control API.
// Used by main.cpp and, in-process, by the conformance suite.
#include "context.hpp"
#include "options.hpp"
#include "seed.hpp"

#include <memory>
#include <string>

namespace fake {

class FakeServer {
  public:
    FakeServer(Options options, Seed seed);
    ~FakeServer();
    FakeServer(const FakeServer&) = delete;
    FakeServer& operator=(const FakeServer&) = delete;

    // Binds, starts the worker pool and returns once connections are accepted. Ignores SIGPIPE
    // process-wide (a client that hangs up must not kill the server).
    bool start(std::string& error);
    int port() const;
    std::string url() const; // http://HOST:PORT
    // Stops accepting, interrupts event retries, waits for workers. Idempotent.
    void stop();
    Context& context();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace fake
