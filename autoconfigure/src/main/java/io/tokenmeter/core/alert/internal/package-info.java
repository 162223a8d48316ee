/**
 * Per-call cost alerts: the thresholds per model and agent, and the listener that raises the alert.
 * <p>
 * Not API: public only so that tokenmeter's own packages and its auto-configuration can reach them; may change
 * or disappear without notice in any release.
 */
@NullMarked
package io.tokenmeter.core.alert.internal;

import org.jspecify.annotations.NullMarked;
