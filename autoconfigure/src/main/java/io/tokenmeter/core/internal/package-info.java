/**
 * Small helpers of the core: exact money sums in pico-dollars, control-character stripping and the
 * configuration exception the failure analyzer reports.
 * <p>
 * Not API: public only so that tokenmeter's own packages and its auto-configuration can reach them; may change
 * or disappear without notice in any release.
 */
@NullMarked
package io.tokenmeter.core.internal;

import org.jspecify.annotations.NullMarked;
