-- wrk script for bench/portal.py: the resident's path through the report form, or /healthz.
--
--   wrk -t C -c C -d 15s -s bench/portal_submit.lua http://127.0.0.1:PORT -- submit|healthz
--
-- Run with as many threads as connections: each wrk thread then owns one connection, so its
-- request() and response() calls strictly alternate and every response can be timed against
-- the request it answers (wrk's own latency histogram mixes all requests together).
--
-- "submit": each connection plays one new visitor after another: GET /report without a cookie,
-- take the session cookie (Set-Cookie) and the hidden csrf_token from that answer, then POST the
-- form (urlencoded, no photos) with both; then the next visitor. The category, district,
-- township and contact details vary from one report to the next.
-- "healthz": GET /healthz, the trivial endpoint served by the same gunicorn.
--
-- At the end, done() writes every timed response to the file named by $BENCH_OUT, one line
-- each: "lat <kind> <status> <milliseconds>", a line "cutoff <kind>" for each request still in
-- flight when the run ended, and wrk's own summary as "summary <key> <value>".

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]])
local CLOCK_MONOTONIC = 1
local ts = ffi.new("bench_timespec")

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local CATEGORIES = { "water", "air", "soil", "solid_waste", "noise", "ecology", "radiation", "other" }
local PLACES = {
  { "jc.qingfeng", "jc.qingfeng.baihe" },
  { "jc.qingfeng", "" },
  { "jc.donghu", "jc.donghu.hubin" },
  { "jc.xishan", "jc.xishan.shiqiao" },
  { "jc.nanhe", "jc.nanhe.binjiang" },
  { "jc.beitang", "" },
  { "jc.baishi", "jc.baishi.lukou" },
}

-- globals of each thread's Lua state, read back by done() through thread:get()
id = 0
timings = {} -- { kind, status, ms } flattened: timings[3k-2], timings[3k-1], timings[3k]
-- kept per thread, since the main state has no command-line arguments
mode = "submit"
-- the kind of the request in flight, if any: at the end of the run wrk abandons it unanswered
kind = nil

local n_timed = 0
local started = 0
local token, cookie = nil, nil
local sent = 0

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

local function form_body()
  sent = sent + 1
  local k = id * 1000003 + sent
  local place = PLACES[k % #PLACES + 1]
  local fields = {
    { "csrf_token", token },
    { "categories", CATEGORIES[k % #CATEGORIES + 1] },
    { "district", place[1] },
    { "township", place[2] },
    { "address", "白河路" .. (k % 500) .. "号附近" },
    { "description", "河道发黑发臭，已持续一周（压测 " .. id .. "-" .. sent .. "）" },
    { "website", "" },
  }
  if sent % 2 == 0 then -- every other visitor leaves contact details (a second write)
    table.insert(fields, { "name", "居民" .. sent })
    table.insert(fields, { "phone", string.format("138%08d", k % 100000000) })
  end
  if sent % 4 == 0 then
    table.insert(fields, { "email", "r" .. k .. "@example.org" })
  end
  local parts = {}
  for i, f in ipairs(fields) do
    parts[i] = f[1] .. "=" .. urlencode(f[2])
  end
  return table.concat(parts, "&")
end

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  mode = args[1] or "submit"
end

function request()
  started = now_ms()
  if mode == "healthz" then
    kind = "healthz"
    return wrk.format("GET", "/healthz")
  end
  if token == nil or cookie == nil then
    kind = "get"
    return wrk.format("GET", "/report") -- no cookie: a new visitor
  end
  kind = "post"
  local body = form_body()
  local headers = {
    ["Cookie"] = cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  token, cookie = nil, nil -- one submission per visitor
  return wrk.format("POST", "/report", headers, body)
end

function response(status, headers, body)
  local ms = now_ms() - started
  if kind == nil then
    return
  end
  n_timed = n_timed + 1
  timings[3 * n_timed - 2] = kind
  timings[3 * n_timed - 1] = status
  timings[3 * n_timed] = ms
  if kind == "get" and status == 200 then
    token = body:match('name="csrf_token"[^>]-value="([^"]+)"')
    local set_cookie = headers["Set-Cookie"] or headers["set-cookie"]
    cookie = set_cookie and set_cookie:match("^(session=[^;]*)")
  end
  kind = nil
end

function done(summary, latency, requests)
  local out = assert(io.open(assert(os.getenv("BENCH_OUT"), "BENCH_OUT unset"), "w"))
  out:write(string.format("summary duration_us %d\n", summary.duration))
  out:write(string.format("summary requests %d\n", summary.requests))
  for _, key in ipairs({ "connect", "read", "write", "status", "timeout" }) do
    out:write(string.format("summary errors_%s %d\n", key, summary.errors[key]))
  end
  for _, thread in ipairs(threads) do
    local t = thread:get("timings")
    for i = 1, #t, 3 do
      out:write(string.format("lat %s %d %.3f\n", t[i], t[i + 1], t[i + 2]))
    end
    local in_flight = thread:get("kind")
    if in_flight ~= nil then
      out:write(string.format("cutoff %s\n", in_flight))
    end
  end
  out:close()
end
