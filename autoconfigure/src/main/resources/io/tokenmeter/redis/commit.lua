-- Add a call's actual cost to spend and free its reservation, atomically; return spend before and after, so
-- exactly one commit in the whole fleet sees a threshold between the two.
-- KEYS[1] spent, KEYS[2] reserved (integers, nano-USD); ARGV[1] cost, ARGV[2] reservation to free, ARGV[3] ttl (0 = none)
local after = redis.call('INCRBY', KEYS[1], ARGV[1])
local before = after - tonumber(ARGV[1])
if tonumber(ARGV[3]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
if tonumber(ARGV[2]) > 0 then
  local left = redis.call('DECRBY', KEYS[2], ARGV[2])
  -- nothing reserved any more: drop the key rather than keep (or, after it expired, recreate) a zero without a TTL
  if left <= 0 then redis.call('DEL', KEYS[2]) end
end
return {before, after}
