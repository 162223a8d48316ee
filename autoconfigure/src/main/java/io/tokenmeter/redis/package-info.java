/**
 * {@link io.tokenmeter.redis.RedisBudgetStore}: budget spend shared by every instance through Redis (Lua scripts).
 */
@NullMarked
package io.tokenmeter.redis;

import org.jspecify.annotations.NullMarked;
