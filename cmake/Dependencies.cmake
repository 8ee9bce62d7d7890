# Every dependency comes from Debian 12's packages (scripts/install-deps.sh installs them).
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(fmt REQUIRED)
find_package(CURL REQUIRED)
find_package(tl-expected REQUIRED)
find_package(pugixml REQUIRED)
find_package(CLI11 REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
# Debian's cpp-httplib is a compiled library: its pkg-config file carries the compile definitions
# (OpenSSL, zlib, brotli support) that every includer must see, or class layouts differ from the .so.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
if(TABHOOK_TESTS)
  find_package(Catch2 REQUIRED)
  include(Catch)
endif()
