/**
 * Resolving a call's agent, user and session from advisor params, the attributor and the defaults.
 * <p>
 * Not API: public only so that tokenmeter's own packages and its auto-configuration can reach them; may change
 * or disappear without notice in any release.
 */
@NullMarked
package io.tokenmeter.core.attribution.internal;

import org.jspecify.annotations.NullMarked;
