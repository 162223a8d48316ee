/**
 * What the metering paths share: a call's start and result, failure counting by stage, once-per-key logs and the
 * prompt text read for estimates.
 * <p>
 * Not API: public only so that tokenmeter's own packages and its auto-configuration can reach them; may change
 * or disappear without notice in any release.
 */
@NullMarked
package io.tokenmeter.core.call.internal;

import org.jspecify.annotations.NullMarked;
