-- Add a call's actual cost to spend and free its reservation, atomically and once per commit id; return spend
-- before and after, so exactly one commit in the whole fleet sees a threshold between the two. A commit delivered
-- again (its first reply was lost to a timeout, but Redis had applied it) changes nothing and returns what the
-- first delivery returned, from the commit's marker.
-- KEYS[1] spent (integer, nano-USD), KEYS[2] holds (sorted set), KEYS[3] held (integer), KEYS[4] the commit's marker
-- ARGV[1] cost (nano-USD), ARGV[2] hold member to free ('' = none), ARGV[3] spent ttl (s, 0 = none),
-- ARGV[4] marker ttl (ms)
local done = redis.call('GET', KEYS[4])
if done then
  local sep = string.find(done, ':', 1, true)
  return {tonumber(string.sub(done, 1, sep - 1)), tonumber(string.sub(done, sep + 1)), 1}
end
local after = redis.call('INCRBY', KEYS[1], ARGV[1])
local before = after - tonumber(ARGV[1])
if tonumber(ARGV[3]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
if ARGV[2] ~= '' and redis.call('ZREM', KEYS[2], ARGV[2]) == 1 then
  if redis.call('ZCARD', KEYS[2]) == 0 then
    redis.call('DEL', KEYS[3])
  else
    redis.call('DECRBY', KEYS[3], string.match(ARGV[2], ':(%d+)$'))
  end
end
redis.call('SET', KEYS[4], string.format('%.0f:%.0f', before, after), 'PX', ARGV[4])
return {before, after, 0}
