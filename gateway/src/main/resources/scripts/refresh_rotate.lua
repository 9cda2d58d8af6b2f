-- Spends a refresh token atomically (DESIGN.md "Token endpoints": reuse of a rotated refresh token revokes its family;
-- "A refresh that failed can be retried": within the reuse interval after its rotation, it is not reuse).
-- KEYS[1] = the token's state key, KEYS[2] = its family's key (both hash-tagged by family: one cluster slot).
-- ARGV[1] = milliseconds until the token expires, ARGV[2] = milliseconds until the family's newest token expires,
-- ARGV[3] = the reuse interval in milliseconds (0: none).
-- The token's state is 'revoked' (blacklisted) or 'spent:<ms>', the Redis server time of its rotation: every gateway
-- instance measures the interval on that one clock. A bare 'spent' (written before the interval existed) is never graced.
-- Returns ROTATED (first use), GRACED (used again within the interval), REUSED (the family is now revoked) or REVOKED.
-- Redis < 5 replicates scripts verbatim, which TIME would break; since 5 effects are replicated anyway.
if redis.replicate_commands then
  redis.replicate_commands()
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  return 'REVOKED'
end
local state = redis.call('GET', KEYS[1])
if state == 'revoked' then
  return 'REVOKED'
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if not state then
  redis.call('SET', KEYS[1], 'spent:' .. now, 'PX', ARGV[1])
  return 'ROTATED'
end
local interval = tonumber(ARGV[3])
local spentAt = tonumber(string.match(state, '^spent:(%d+)$'))
if spentAt and interval > 0 and now - spentAt < interval then
  return 'GRACED'
end
redis.call('SET', KEYS[2], 'revoked', 'PX', ARGV[2])
return 'REUSED'
