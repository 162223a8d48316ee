-- Reserve an estimate if it fits: spent < limit and spent + held + amount <= limit. Each reservation is its own
-- member of the holds set, scored by its expiry, so one that is never committed or released (a crashed instance,
-- a lost reply) stops counting at its expiry: expired ones are pruned here, before anything is decided. The held
-- total is kept beside the set, so a reservation costs O(log n), not a walk over every outstanding hold.
-- KEYS[1] spent (integer, nano-USD); KEYS[2] holds (sorted set, member "<call id>:<nano-USD>", score expiry in ms);
-- KEYS[3] held (integer, nano-USD: the sum of the holds' amounts)
-- ARGV[1] amount, ARGV[2] limit (nano-USD), ARGV[3] now (epoch ms), ARGV[4] hold ttl (ms), ARGV[5] member
local now = tonumber(ARGV[3])
local ttl = tonumber(ARGV[4])
local function amountOf(member) return tonumber(string.match(member, ':(%d+)$')) end
local held = redis.call('GET', KEYS[3])
if held then
  held = tonumber(held)
  local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
  if #expired > 0 then
    for _, member in ipairs(expired) do held = held - amountOf(member) end
    redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
    redis.call('SET', KEYS[3], string.format('%.0f', held), 'KEEPTTL')
  end
  if redis.call('ZCARD', KEYS[2]) == 0 then held = 0 end
else
  -- no total (first hold, or it was lost): count it from the set itself
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  held = 0
  for _, member in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do held = held + amountOf(member) end
end
local spent = tonumber(redis.call('GET', KEYS[1]) or '0')
local amount = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
if spent < limit and spent + held + amount <= limit then
  redis.call('ZADD', KEYS[2], now + ttl, ARGV[5])
  redis.call('SET', KEYS[3], string.format('%.0f', held + amount), 'KEEPTTL')
  -- both outlive their longest-lived hold and no more (PTTL is -1 for a new key)
  if redis.call('PTTL', KEYS[2]) < ttl then redis.call('PEXPIRE', KEYS[2], ttl) end
  if redis.call('PTTL', KEYS[3]) < ttl then redis.call('PEXPIRE', KEYS[3], ttl) end
  return {1, spent + held}
end
return {0, spent + held}
