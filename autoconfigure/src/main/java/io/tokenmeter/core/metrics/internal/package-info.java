/**
 * The Micrometer side: meter handles resolved once per tag combination, and the user-tag limiter.
 * <p>
 * Not API: public only so that tokenmeter's own packages and its auto-configuration can reach them; may change
 * or disappear without notice in any release.
 */
@NullMarked
package io.tokenmeter.core.metrics.internal;

import org.jspecify.annotations.NullMarked;
