#pragma once
// libvips (and the GLib underneath it) reports warnings through g_log, whose
// default handler writes raw lines to stderr ("VIPS-WARNING **: …"): outside
// the log format, without the request they belong to. This sends them through
// the server's logger instead.
namespace lenslet::media::detail {

// Idempotent; called once libvips is initialised.
void RouteVipsMessagesToLog();

}  // namespace lenslet::media::detail
