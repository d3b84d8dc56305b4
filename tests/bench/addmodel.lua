-- wrk script: AddModel with Prefer: wait, counting answers by status.
-- Environment: SESSION (session uuid), CENTER (model center uuid).
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  ok, failed = 0, 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json;charset=UTF-8"
  wrk.headers["Authorization"] = "OAuth " .. os.getenv("SESSION")
  wrk.headers["Prefer"] = "wait=30"
end

function request()
  counter = counter + 1
  local body = '{"param":{"name":"bench-' .. id .. '-' .. counter .. '","installPath":"192.168.10.12:/ai/model_center/Qwen_1.5_23B",'
    .. '"description":"This is qwen 1.5 32B ai model","parameters":"model parameters","modelCenterUuid":"' .. os.getenv("CENTER") .. '",'
    .. '"logo":"logo base64 string","vendor":"Alibaba","introduction":"This is a md5 format string","size":102400,"version":"CustomizeVersion"},'
    .. '"systemTags":["minGpuMemory::1024"],"userTags":["bench"]}'
  return wrk.format(nil, "/zstack/v1/ai/models", nil, body)
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 else failed = failed + 1 end
end

function done(summary, latency, requests)
  local okTotal, failedTotal = 0, 0
  for _, thread in ipairs(threads) do
    okTotal = okTotal + thread:get("ok")
    failedTotal = failedTotal + thread:get("failed")
  end
  local errors = failedTotal + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT requests_per_s=%.0f p50_ms=%.2f p99_ms=%.2f acknowledged=%d errors=%d\n",
    okTotal / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000, okTotal, errors))
end
