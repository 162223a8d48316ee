/**
 * Token usage normalized per provider into disjoint buckets ({@link io.tokenmeter.core.usage.TokenUsage}).
 */
@NullMarked
package io.tokenmeter.core.usage;

import org.jspecify.annotations.NullMarked;
