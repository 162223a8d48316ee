-- Free the reservation of a call that failed or was refused elsewhere.
-- KEYS[1] reserved (integer, nano-USD); ARGV[1] reservation to free
local left = redis.call('DECRBY', KEYS[1], ARGV[1])
if left < 0 then redis.call('SET', KEYS[1], '0', 'KEEPTTL') end
return left
