#include "app/allocator.hpp"

#include <cstdlib>  // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace lenslet::app {

void TuneAllocator() {
#if defined(__GLIBC__)
  // Setting either disables glibc's dynamic adjustment of both.
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  mallopt(M_TRIM_THRESHOLD, 16 << 20);
#endif
}

}  // namespace lenslet::app
