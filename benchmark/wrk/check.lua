-- wrk script of ./benchmark-gateways.sh: POSTs one GraphQL request over and over and checks every response, status
-- 200 and the body byte for byte against the expected one (checked beforehand to be the same JSON in every gateway).
-- Usage: wrk -s check.lua <url> -- <file with the request body> <file with the expected response body>
-- Prints one line of JSON: requests, mismatches, socket errors and latency percentiles in microseconds.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local function slurp(path)
  local file = assert(io.open(path, "rb"))
  local content = file:read("*a")
  file:close()
  return content
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = slurp(args[1])
  expected = slurp(args[2])
  mismatches = 0
end

function response(status, headers, body)
  if status ~= 200 or body ~= expected then
    mismatches = mismatches + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("mismatches")
  end
  local e = summary.errors
  io.write(string.format('{"requests":%d,"durationMicros":%d,"mismatches":%d,"connect":%d,"read":%d,"write":%d,'
      .. '"timeout":%d,"p50":%d,"p95":%d,"p99":%d}\n', summary.requests, summary.duration, total, e.connect, e.read,
      e.write, e.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
