# Installation layout (GNUInstallDirs) and the Debian package (CPack). Included from the top
# CMakeLists.txt after src/, so the tabhook target exists. fake-tableau and the other test tools are
# never installed.
#
#   bin/tabhook                                   (src/CMakeLists.txt)
#   share/man/man1/tabhook.1.gz                   help2man from `tabhook --help` and every subcommand's --help
#   share/bash-completion/completions/tabhook     packaging/completions/tabhook.bash
#   share/zsh/vendor-completions/_tabhook         packaging/completions/_tabhook
#   share/tabhook/schemas/*.json                  schemas/
#   share/doc/tabhook/                            README.md and docs/*.md (the units link to daemon.md)
#   lib/systemd/system/                           systemd/*.service and systemd/*.timer
include(GNUInstallDirs)

# The man page is generated from the binary it documents, at build time, so it is never stale.
# Debian policy wants man pages compressed with `gzip -9n` (no name or time stamp: reproducible).
find_program(TABHOOK_HELP2MAN help2man)
find_program(TABHOOK_GZIP gzip)
if(TABHOOK_HELP2MAN AND TABHOOK_GZIP AND NOT CMAKE_CROSSCOMPILING)
  set(tabhook_man ${CMAKE_BINARY_DIR}/man/tabhook.1)
  add_custom_command(
    OUTPUT ${tabhook_man} ${tabhook_man}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
    COMMAND ${CMAKE_COMMAND} -E env TABHOOK=$<TARGET_FILE:tabhook>
            ${TABHOOK_HELP2MAN} --no-info --section 1
            --include ${PROJECT_SOURCE_DIR}/packaging/man/tabhook.h2m
            --output ${tabhook_man} ${PROJECT_SOURCE_DIR}/packaging/man/help-all.sh
    COMMAND ${TABHOOK_GZIP} -9nkf ${tabhook_man}
    DEPENDS tabhook ${PROJECT_SOURCE_DIR}/packaging/man/help-all.sh ${PROJECT_SOURCE_DIR}/packaging/man/tabhook.h2m
    COMMENT "Generating the man page tabhook.1 with help2man"
    VERBATIM)
  add_custom_target(tabhook_man ALL DEPENDS ${tabhook_man}.gz)
  install(FILES ${tabhook_man}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(STATUS "help2man not found: no man page (scripts/install-deps.sh installs it)")
endif()

install(FILES ${PROJECT_SOURCE_DIR}/packaging/completions/tabhook.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME tabhook)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/completions/_tabhook
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/schemas/ DESTINATION ${CMAKE_INSTALL_DATADIR}/tabhook/schemas
        FILES_MATCHING PATTERN "*.json")
file(GLOB tabhook_docs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${tabhook_docs} DESTINATION ${CMAKE_INSTALL_DOCDIR})
# Debian keeps units in lib/systemd/system under the prefix, not in the multiarch LIBDIR.
file(GLOB tabhook_units CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/systemd/*.service ${PROJECT_SOURCE_DIR}/systemd/*.timer)
install(FILES ${tabhook_units} DESTINATION lib/systemd/system)

# `cpack -G DEB` in the build directory packages what `cmake --install` installs, under /usr.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tabhook)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "tabhook")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Tableau webhooks as code")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "tabhook maintainers <tabhook-maintainers@example.com>")
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Tableau webhooks as code
tabhook reads YAML manifests that declare the webhooks a Tableau Cloud or Tableau Server site should
have, diffs them against the site's REST API, creates and deletes webhooks until the site matches, tests
every webhook it changed, and reports drift. It runs in pull-request checks (validate, plan), on merge
(apply) and as a systemd service (tabhook run) with health and Prometheus metrics.")
# Debian 12's runtime libraries, one per NEEDED entry of bin/tabhook (tests/e2e/package_deb_installs.sh
# checks that every library the binary needs comes from a package listed here).
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libc6 (>= 2.36), libstdc++6 (>= 12), libgcc-s1, libyaml-cpp0.7, libfmt9, libcurl4 (>= 7.88), libssl3 (>= 3.0), libpugixml1v5, libcpp-httplib0.11")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion, systemd")
include(CPack)
