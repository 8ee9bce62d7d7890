// tls-proxy: terminates TLS on loopback and forwards every request to a plain-HTTP upstream, so the
// client's TLS handling (verification on by default, --cacert) is tested against fake-tableau.
//   tls-proxy --cert FILE --key FILE --upstream 127.0.0.1:PORT [--port-file FILE]
// Prints "tls-proxy listening on https://127.0.0.1:PORT" once ready.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <httplib.h>

namespace {

std::string arg(int argc, char** argv, const std::string& name) {
    for (int i = 1; i + 1 < argc; ++i)
        if (argv[i] == name) return argv[i + 1];
    return "";
}

} // namespace

int main(int argc, char** argv) {
    const std::string cert = arg(argc, argv, "--cert"), key = arg(argc, argv, "--key");
    const std::string upstream = arg(argc, argv, "--upstream"), port_file = arg(argc, argv, "--port-file");
    const auto colon = upstream.rfind(':');
    if (cert.empty() || key.empty() || colon == std::string::npos) {
        std::fprintf(stderr, "usage: tls-proxy --cert FILE --key FILE --upstream HOST:PORT [--port-file FILE]\n");
        return 64;
    }
    const std::string up_host = upstream.substr(0, colon);
    const int up_port = std::atoi(upstream.c_str() + colon + 1);

    httplib::SSLServer server(cert.c_str(), key.c_str());
    if (!server.is_valid()) {
        std::fprintf(stderr, "tls-proxy: cannot load the certificate or key\n");
        return 1;
    }
    const auto forward = [&](const httplib::Request& req, httplib::Response& res) {
        httplib::Client client(up_host, up_port);
        client.set_read_timeout(60, 0);
        httplib::Headers headers;
        for (const auto& [name, value] : req.headers)
            if (name != "Host" && name != "Content-Length" && name != "REMOTE_ADDR" && name != "REMOTE_PORT" &&
                name != "LOCAL_ADDR" && name != "LOCAL_PORT")
                headers.emplace(name, value);
        std::string target = req.path;
        if (!req.params.empty()) target += "?" + httplib::detail::params_to_query_str(req.params);
        const std::string type = req.get_header_value("Content-Type");
        httplib::Result r = req.method == "GET"      ? client.Get(target, headers)
                            : req.method == "DELETE" ? client.Delete(target, headers, req.body, type)
                            : req.method == "PUT"    ? client.Put(target, headers, req.body, type)
                                                     : client.Post(target, headers, req.body, type);
        if (!r) {
            res.status = 502;
            return;
        }
        res.status = r->status;
        for (const auto& [name, value] : r->headers)
            if (name != "Content-Length" && name != "Transfer-Encoding" && name != "Connection")
                res.set_header(name, value);
        res.set_content(r->body, r->get_header_value("Content-Type"));
    };
    server.Get(".*", forward);
    server.Post(".*", forward);
    server.Put(".*", forward);
    server.Delete(".*", forward);
    const int port = server.bind_to_any_port("127.0.0.1");
    if (port <= 0) return 1;
    if (!port_file.empty()) {
        const std::string tmp = port_file + ".tmp";
        std::ofstream(tmp) << port << '\n';
        std::rename(tmp.c_str(), port_file.c_str());
    }
    std::printf("tls-proxy listening on https://127.0.0.1:%d\n", port);
    std::fflush(stdout);
    server.listen_after_bind();
    return 0;
}
