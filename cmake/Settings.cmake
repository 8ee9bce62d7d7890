# Compiler settings shared by every target, as INTERFACE targets so each target opts in explicitly.
add_library(tabhook_warnings INTERFACE)
target_compile_options(tabhook_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wformat=2)
if(TABHOOK_WERROR)
  target_compile_options(tabhook_warnings INTERFACE -Werror)
endif()

add_library(tabhook_sanitizers INTERFACE)
if(TABHOOK_SANITIZE)
  target_compile_options(tabhook_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(tabhook_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
if(TABHOOK_TSAN)
  target_compile_options(tabhook_sanitizers INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(tabhook_sanitizers INTERFACE -fsanitize=thread)
endif()

add_library(tabhook_settings INTERFACE)
target_link_libraries(tabhook_settings INTERFACE tabhook_warnings tabhook_sanitizers)
target_compile_definitions(tabhook_settings INTERFACE TABHOOK_VERSION="${PROJECT_VERSION}")
