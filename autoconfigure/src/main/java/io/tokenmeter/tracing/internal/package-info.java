/**
 * Tokenmeter's view of a metered call on Spring AI's chat-model span (an observation filter and the link from the
 * call to its span).
 * <p>
 * Not API: public only so that tokenmeter's own packages and its auto-configuration can reach them; may change
 * or disappear without notice in any release.
 */
@NullMarked
package io.tokenmeter.tracing.internal;

import org.jspecify.annotations.NullMarked;
