#pragma once
// The server's memory allocator: jemalloc in release builds, tuned glibc malloc
// where jemalloc is not linked (the sanitizer builds, -DLENSLET_JEMALLOC=OFF).
#include <string>

namespace lenslet::app {

// Why jemalloc (bench/README.md, "jemalloc"): a request builds and frees
// thousands of small blocks (rows, strings, JSON) on a worker thread, and
// SQLite allocates a page cache of a few KB for every temporary b-tree. In
// glibc each such larger request consolidates the fast bins first: with
// malloc itself, that was a quarter of the server's CPU in a profile of the
// user-model mix. jemalloc's size classes and per-thread caches do the same
// work for 25 % less CPU per request, with less memory resident.
//
// Without jemalloc, glibc is tuned instead: it hands freed memory back to the
// kernel as soon as an arena's top grows past a small, self-adjusting
// threshold (128 KB at first), so each feed page paid an
// madvise(MADV_DONTNEED), a TLB flush, and the page faults to get the memory
// back. Fixed thresholds keep up to 16 MB per arena for reuse; blocks of 4 MB
// and more (decoded photos) are still mapped and unmapped on their own. Called
// once, before any thread starts; a no-op with jemalloc, whose settings come
// from MALLOC_CONF (docs/operations.md).
void TuneAllocator();

// "jemalloc 5.3.0-…" or "glibc malloc", for the start-up log.
std::string AllocatorName();

}  // namespace lenslet::app
