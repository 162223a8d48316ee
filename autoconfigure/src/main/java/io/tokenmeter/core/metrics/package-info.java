/**
 * The Micrometer side: meter handles resolved once per tag combination, and the user-tag limiter.
 */
@NullMarked
package io.tokenmeter.core.metrics;

import org.jspecify.annotations.NullMarked;
