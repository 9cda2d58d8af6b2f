-- DRF's sliding throttle history for every key of one request, atomically (Portcullis RedisRateLimiter).
-- KEYS[i]  a list of admitted request times in ms, newest first (DRF's history, LPUSH'd).
-- ARGV[1]  '' to use the Redis server clock (production: every gateway instance agrees on one clock),
--          or a time in ms (tests only, to replay exact timelines).
-- ARGV[2]  slack in ms added to every key's TTL.
-- ARGV[1+2i], ARGV[2+2i]  count and period (ms) of KEYS[i].
-- Records the request under every key if each admits it, else under none. Returns
-- {allowed, then per key: remaining, reset ms (until its oldest request leaves), wait ms (until it admits again)}.
-- Redis < 5 replicates scripts verbatim, which TIME would break; since 5 effects are replicated anyway.
if redis.replicate_commands then
  redis.replicate_commands()
end
local now
if ARGV[1] == '' then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
else
  now = tonumber(ARGV[1])
end
local slack = tonumber(ARGV[2])

local counts, periods, sizes = {}, {}, {}
local allowed = 1
for i, key in ipairs(KEYS) do
  local count = tonumber(ARGV[1 + 2 * i])
  local period = tonumber(ARGV[2 + 2 * i])
  counts[i], periods[i] = count, period
  local size = redis.call('LLEN', key)
  -- Drop what left the window (now - period, now], oldest first, as DRF's history.pop().
  while size > 0 and tonumber(redis.call('LINDEX', key, -1)) <= now - period do
    redis.call('RPOP', key)
    size = size - 1
  end
  -- No decision at this rate reads beyond the newest `count` (the rate may have been lowered).
  if size > count then
    redis.call('LTRIM', key, 0, count - 1)
    size = count
  end
  sizes[i] = size
  if size >= count then
    allowed = 0
  end
end

local result = {allowed}
for i, key in ipairs(KEYS) do
  local count, period, size = counts[i], periods[i], sizes[i]
  local wait = 0
  if allowed == 1 then
    redis.call('LPUSH', key, now)
    -- The newest request leaves the window after one period: the key is never kept longer than period + slack.
    redis.call('PEXPIRE', key, period + slack)
    size = size + 1
  elseif size >= count then
    wait = tonumber(redis.call('LINDEX', key, count - 1)) + period - now
  end
  local reset = 0
  if size > 0 then
    reset = tonumber(redis.call('LINDEX', key, -1)) + period - now
  end
  local remaining = count - size
  if remaining < 0 then
    remaining = 0
  end
  result[#result + 1] = remaining
  result[#result + 1] = reset
  result[#result + 1] = wait
end
return result
