#include "app/allocator.hpp"

#include <cstdlib>  // defines __GLIBC__ on glibc

#if defined(LENSLET_WITH_JEMALLOC)
#include <jemalloc/jemalloc.h>
#elif defined(__GLIBC__)
#include <malloc.h>
#endif

namespace lenslet::app {

void TuneAllocator() {
#if !defined(LENSLET_WITH_JEMALLOC) && defined(__GLIBC__)
  // Setting either disables glibc's dynamic adjustment of both.
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  mallopt(M_TRIM_THRESHOLD, 16 << 20);
#endif
}

std::string AllocatorName() {
#if defined(LENSLET_WITH_JEMALLOC)
  const char* version = nullptr;
  std::size_t size = sizeof(version);
  if (mallctl("version", static_cast<void*>(&version), &size, nullptr, 0) == 0 && version != nullptr) {
    return std::string("jemalloc ") + version;
  }
  return "jemalloc";
#elif defined(__GLIBC__)
  return "glibc malloc";
#else
  return "the system's malloc";
#endif
}

}  // namespace lenslet::app
