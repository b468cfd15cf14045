#pragma once
// Tunes glibc's malloc for a server process, once, before any thread starts.

namespace lenslet::app {

// Why: glibc hands freed memory back to the kernel as soon as an arena's top
// grows past a small, self-adjusting threshold (128 KB at first). Every feed
// page builds and frees ~100 KB of JSON and strings on a worker thread, so
// each request paid an madvise(MADV_DONTNEED) — a TLB flush — and the page
// faults to get the memory back: a quarter of the server's CPU in a profile of
// bench/feed-bench.sh. Fixed thresholds keep up to 16 MB per arena for reuse;
// blocks of 4 MB and more (decoded photos) are still mapped and unmapped on
// their own, so a burst of uploads does not stay resident. No-op elsewhere.
void TuneAllocator();

}  // namespace lenslet::app
