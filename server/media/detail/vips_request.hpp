#pragma once
// libvips computes pixels on worker threads of its own, where no request is
// known: what it logs from there (a loader's complaint about a broken upload,
// a failed tile) would carry no request id. Reading a pipeline through
// NameRequest closes that gap: libvips pulls pixels, so every upstream step
// (the decoder's start, its scanlines, caches, colour transforms) runs inside
// this image's start, generate and stop callbacks, on whichever thread asks,
// and those callbacks name the request for exactly their duration.
#include <vips/vips.h>

namespace lenslet::media::detail {

// A new reference to an image with `in`'s header and pixels, computed with
// the current request (core::CurrentRequestId, taken now) named on every
// libvips thread; outside a request, `in` itself. Null with libvips's error
// set when it cannot be built. Put it last, just before a sink: steps added
// after it run unnamed.
VipsImage* NameRequest(VipsImage* in);

}  // namespace lenslet::media::detail
