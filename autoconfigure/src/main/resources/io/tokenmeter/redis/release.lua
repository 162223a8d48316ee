-- Free the reservation of a call that failed or was refused elsewhere.
-- KEYS[1] reserved (integer, nano-USD); ARGV[1] reservation to free
local left = redis.call('DECRBY', KEYS[1], ARGV[1])
-- nothing reserved any more: drop the key rather than keep (or, after it expired, recreate) a zero without a TTL
if left <= 0 then redis.call('DEL', KEYS[1]) end
return left
