-- Free one reservation, atomically with the held total; freeing it twice, or after it expired, is a no-op.
-- KEYS[1] holds (sorted set), KEYS[2] held (integer, nano-USD); ARGV[1] the hold's member "<call id>:<nano-USD>".
-- Returns 1 when it was still held.
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[2])
else
  redis.call('DECRBY', KEYS[2], string.match(ARGV[1], ':(%d+)$'))
end
return 1
