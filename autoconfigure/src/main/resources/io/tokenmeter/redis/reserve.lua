-- Reserve an estimate if it fits: spent < limit and spent + reserved + amount <= limit.
-- KEYS[1] spent, KEYS[2] reserved (integers, nano-USD); ARGV[1] amount, ARGV[2] limit, ARGV[3] ttl seconds (0 = none)
local spent = tonumber(redis.call('GET', KEYS[1]) or '0')
local reserved = tonumber(redis.call('GET', KEYS[2]) or '0')
local amount = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
if spent < limit and spent + reserved + amount <= limit then
  redis.call('INCRBY', KEYS[2], ARGV[1])
  if tonumber(ARGV[3]) > 0 then redis.call('EXPIRE', KEYS[2], ARGV[3]) end
  return {1, spent + reserved}
end
return {0, spent + reserved}
