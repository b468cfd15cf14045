# Every third-party dependency, found once, as imported targets the modules link.
# All come from Debian 12 packages installed by scripts/install-deps.sh.
find_package(Threads REQUIRED)
find_package(Boost 1.81.0 EXACT REQUIRED COMPONENTS json url CONFIG)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(ZLIB REQUIRED IMPORTED_TARGET zlib)
pkg_check_modules(LIBDEFLATE REQUIRED IMPORTED_TARGET libdeflate)  # gzip for responses, 4x zlib's speed
pkg_check_modules(VIPS REQUIRED IMPORTED_TARGET vips)
pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)  # two-factor setup QR codes
find_package(OpenSSL 3 REQUIRED)
# The server's allocator (server/app/allocator.hpp says why). Not under the
# sanitizers, which bring their own malloc.
if(LENSLET_SANITIZE OR CMAKE_CXX_FLAGS MATCHES "-fsanitize")
  set(lenslet_jemalloc_default OFF)
else()
  set(lenslet_jemalloc_default ON)
endif()
option(LENSLET_JEMALLOC "Link the server with jemalloc (libjemalloc-dev)" ${lenslet_jemalloc_default})
if(LENSLET_JEMALLOC)
  pkg_check_modules(JEMALLOC IMPORTED_TARGET jemalloc)
  if(NOT JEMALLOC_FOUND)
    message(FATAL_ERROR "jemalloc not found: run scripts/install-deps.sh (libjemalloc-dev), "
                        "or configure with -DLENSLET_JEMALLOC=OFF for glibc's malloc")
  endif()
endif()
find_package(CURL REQUIRED)  # S3 media store (server/s3/)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(GTest REQUIRED)

# Asio and Beast are compiled once (server/core/asio_impl.cpp, server/core/beast_impl.cpp) instead of
# in every translation unit: this keeps rebuilds fast on small machines.
add_compile_definitions(
  BOOST_ASIO_SEPARATE_COMPILATION
  BOOST_BEAST_SEPARATE_COMPILATION
  BOOST_ASIO_NO_DEPRECATED
)
