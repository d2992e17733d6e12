-- wrk script for bench/run: POST a fixed body with fixed headers, optionally paced to a fixed rate,
-- optionally spreading requests over N contexts; prints one machine-readable line at the end.
-- Environment: BENCH_BODY (file), BENCH_HEADERS ("name: value;name: value"), BENCH_RATE (req/s over
-- all connections; unset = as fast as possible), BENCH_CONNS (connections, for pacing),
-- BENCH_CONTEXTS (N: "__CTX__" in the body becomes bench-ctx-0..N-1).

local threads = {}
local counter = 0

function setup(thread)
   thread:set("tid", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

local function read_file(path)
   local f = assert(io.open(path, "rb"))
   local s = f:read("*a")
   f:close()
   return s
end

function init(args)
   body = read_file(os.getenv("BENCH_BODY"))
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
   local hs = os.getenv("BENCH_HEADERS") or ""
   for h in string.gmatch(hs, "[^;]+") do
      local k, v = string.match(h, "^%s*([^:]+):%s*(.-)%s*$")
      if k then wrk.headers[k] = v end
   end
   contexts = tonumber(os.getenv("BENCH_CONTEXTS") or "0")
   nth = tonumber(os.getenv("BENCH_THREADS") or "2")
   local rate = tonumber(os.getenv("BENCH_RATE") or "0")
   local conns = tonumber(os.getenv("BENCH_CONNS") or "64")
   if rate > 0 then mean_delay = conns / rate * 1000 else mean_delay = nil end
   n = 0
   math.randomseed(os.time() + (tid or 0) * 7919)
   if contexts == 0 then
      fixed = wrk.format(nil, nil, nil, body)
   end
end

function delay()
   if not mean_delay then return 0 end
   -- uniform jitter around the mean keeps connections out of step; stochastic rounding keeps
   -- the mean right although wrk takes whole milliseconds
   local d = mean_delay * (0.5 + math.random())
   return math.floor(d + math.random())
end

function request()
   if contexts == 0 then return fixed end
   local ctx = (n * nth + tid) % contexts
   n = n + 1
   return wrk.format(nil, nil, nil, (string.gsub(body, "__CTX__", "bench-ctx-" .. ctx)))
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "BENCHJSON {\"requests\":%d,\"duration_us\":%d,\"p50_us\":%d,\"p90_us\":%d,\"p99_us\":%d,\"max_us\":%d,\"mean_us\":%.1f,\"err_connect\":%d,\"err_read\":%d,\"err_write\":%d,\"err_status\":%d,\"err_timeout\":%d}\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
      latency:percentile(99), latency.max, latency.mean, e.connect, e.read, e.write, e.status, e.timeout))
end
