# lenslet_module(NAME <name> [RECURSIVE] [DEPS <targets>...] [TEST_DEPS <targets>...])
#
# Makes, from the folder it is called in:
#   lenslet_<name>          a library of every *.cpp that is not a test
#   lenslet_<name>_test     GoogleTest executable of *_test.cpp   (pure, fast)
#   lenslet_<name>_dbtest   GoogleTest executable of *_dbtest.cpp (SQLite AND PostgreSQL)
#   lenslet_<name>_redistest GoogleTest executable of *_redistest.cpp (a live
#                           Redis from LENSLET_TEST_REDIS_URL; see
#                           realtime/redis/testing/redis_fixture.hpp)
# and registers the test executables with CTest, labelled "unit", "db" and "redis".
# RECURSIVE also takes sources from subfolders (api/ groups its actions by
# resource: api/accounts/register.cpp).
# One function for every module keeps the CMake graph equal to the architecture.
function(lenslet_module)
  cmake_parse_arguments(M "RECURSIVE" "NAME" "DEPS;TEST_DEPS" ${ARGN})
  if(M_RECURSIVE)
    file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  else()
    file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp ${CMAKE_CURRENT_SOURCE_DIR}/detail/*.cpp)
  endif()
  set(lib_sources "")
  set(unit_sources "")
  set(db_sources "")
  set(redis_sources "")
  foreach(src IN LISTS sources)
    if(src MATCHES "_dbtest\\.cpp$")
      list(APPEND db_sources ${src})
    elseif(src MATCHES "_redistest\\.cpp$")
      list(APPEND redis_sources ${src})
    elseif(src MATCHES "_test\\.cpp$")
      list(APPEND unit_sources ${src})
    elseif(src MATCHES "_testlib\\.cpp$")
      # helpers shared by test executables, see lenslet_testing
      list(APPEND testlib_sources ${src})
    else()
      list(APPEND lib_sources ${src})
    endif()
  endforeach()

  set(target lenslet_${M_NAME})
  if(lib_sources)
    add_library(${target} STATIC ${lib_sources})
    set(scope PUBLIC)
  else()
    add_library(${target} INTERFACE)
    set(scope INTERFACE)
  endif()
  # Includes are spelled from the server root: #include "db/database.hpp".
  target_include_directories(${target} ${scope} ${PROJECT_SOURCE_DIR}/server ${PROJECT_BINARY_DIR}/generated)
  target_link_libraries(${target} ${scope} ${M_DEPS})
  lenslet_warnings(${target})

  foreach(kind IN ITEMS test dbtest redistest)
    if(kind STREQUAL "test")
      set(srcs ${unit_sources})
      set(label unit)
    elseif(kind STREQUAL "redistest")
      set(srcs ${redis_sources})
      set(label redis)
    else()
      set(srcs ${db_sources})
      set(label db)
    endif()
    if(srcs)
      set(exe ${target}_${kind})
      add_executable(${exe} ${srcs} ${testlib_sources})
      target_link_libraries(${exe} PRIVATE ${target} ${M_TEST_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
      lenslet_warnings(${exe})
      add_test(NAME ${exe} COMMAND ${exe} --gtest_brief=1)
      set_tests_properties(${exe} PROPERTIES LABELS ${label})
    endif()
  endforeach()
endfunction()

function(lenslet_warnings target)
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "INTERFACE_LIBRARY")
    return()
  endif()
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
  # GCC 12 at -O2/-O3 reports false positives inside libstdc++ that cannot be
  # fixed in our code: -Wrestrict in string concatenation (GCC bug 105329) and
  # -Wmaybe-uninitialized in std::variant/std::optional moves (GCC bug 80635).
  # The Debug/ASan build keeps both warnings on.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
    if(NOT CMAKE_BUILD_TYPE STREQUAL "Debug")
      target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
    endif()
  endif()
  if(LENSLET_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(LENSLET_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
