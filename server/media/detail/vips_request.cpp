#include "media/detail/vips_request.hpp"

#include <string>
#include <string_view>

#include "core/log_context.hpp"

namespace lenslet::media::detail {
namespace {

constexpr char kRequestKey[] = "lenslet-request-id";

const std::string* RequestOf(void* b) { return static_cast<const std::string*>(b); }

// The region on the input is made (vips_start_one), and later dropped with
// every upstream region hanging off it, with the request named: upstream
// start and stop callbacks may log too.
void* StartNamed(VipsImage* out, void* a, void* b) {
  const core::RequestIdScope named(RequestOf(b));
  return vips_start_one(out, a, b);
}

int StopNamed(void* seq, void* a, void* b) {
  const core::RequestIdScope named(RequestOf(b));
  return vips_stop_one(seq, a, b);
}

// The input's pixels, by reference (nothing is copied).
int GenerateNamed(VipsRegion* out, void* seq, void* /*a*/, void* b, gboolean* /*stop*/) {
  const core::RequestIdScope named(RequestOf(b));
  auto* in = static_cast<VipsRegion*>(seq);
  const VipsRect* wanted = &out->valid;
  if (vips_region_prepare(in, wanted) != 0) return -1;
  return vips_region_region(out, in, wanted, wanted->left, wanted->top);
}

void FreeRequest(gpointer request) { delete static_cast<std::string*>(request); }

}  // namespace

VipsImage* NameRequest(VipsImage* in) {
  const std::string_view id = core::CurrentRequestId();
  if (id.empty()) {
    g_object_ref(in);
    return in;
  }
  VipsImage* out = vips_image_new();
  // Freed with `out`, after the last of its regions.
  auto* request = new std::string(id);
  g_object_set_data_full(G_OBJECT(out), kRequestKey, request, FreeRequest);
  // `out` holds `in` until it closes.
  g_object_ref(in);
  vips_object_local(out, in);
  // ANY: the input's demand style carries over, and pipelinev copies its header.
  if (vips_image_pipelinev(out, VIPS_DEMAND_STYLE_ANY, in, nullptr) != 0 ||
      vips_image_generate(out, StartNamed, GenerateNamed, StopNamed, in, request) != 0) {
    g_object_unref(out);
    return nullptr;
  }
  return out;
}

}  // namespace lenslet::media::detail
