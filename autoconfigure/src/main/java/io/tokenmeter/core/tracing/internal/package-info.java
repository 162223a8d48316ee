/**
 * The OpenTelemetry GenAI span attributes of a metered call.
 * <p>
 * Not API: public only so that tokenmeter's own packages and its auto-configuration can reach them; may change
 * or disappear without notice in any release.
 */
@NullMarked
package io.tokenmeter.core.tracing.internal;

import org.jspecify.annotations.NullMarked;
