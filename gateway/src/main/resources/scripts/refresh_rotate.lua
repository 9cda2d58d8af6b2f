-- Spends a refresh token atomically (DESIGN.md "Token endpoints": reuse of a rotated refresh token revokes its family).
-- KEYS[1] = the token's state key, KEYS[2] = its family's key (both hash-tagged by family: one cluster slot).
-- ARGV[1] = milliseconds until the token expires, ARGV[2] = milliseconds until the family's newest token expires.
if redis.call('EXISTS', KEYS[2]) == 1 then
  return 'REVOKED'
end
if redis.call('GET', KEYS[1]) == 'revoked' then
  return 'REVOKED'
end
if redis.call('SET', KEYS[1], 'spent', 'NX', 'PX', ARGV[1]) then
  return 'ROTATED'
end
redis.call('SET', KEYS[2], 'revoked', 'PX', ARGV[2])
return 'REUSED'
