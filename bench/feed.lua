-- wrk script for bench/feed-bench.sh: GET <path> with a rotating
-- Authorization: Bearer token, one per signed-in sample user, so the server
-- builds many different feeds rather than one cached one.
-- TOKENS_FILE: one access token per line. Each wrk thread starts at its own offset.
-- ACCEPT_ENCODING, when set (e.g. "gzip, deflate, br", as browsers send), asks
-- for compressed pages: their compression is then part of the server's cost.
local tokens = {}
local path = os.getenv("BENCH_PATH") or "/api/v1/feed"
local encoding = os.getenv("ACCEPT_ENCODING") or ""
for line in io.lines(os.getenv("TOKENS_FILE")) do
  if #line > 0 then tokens[#tokens + 1] = line end
end
local counter = 0
local offset = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("offset", threads * 7919)
end

function init(args)
  counter = offset or 0
end

function request()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  local headers = { ["Authorization"] = "Bearer " .. token }
  if #encoding > 0 then headers["Accept-Encoding"] = encoding end
  return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d (status) %d (connect/read/write/timeout)\n",
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    io.write(string.format("p%-5s %8.2f ms\n", tostring(p), latency:percentile(p) / 1000))
  end
  io.write(string.format("requests/s %.0f\n", summary.requests / (summary.duration / 1e6)))
end
