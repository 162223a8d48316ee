/**
 * The usage normalizer of each provider (OpenAI, Anthropic, Google, counts only), the provider detection and the
 * Anthropic cache-write split.
 * <p>
 * Not API: public only so that tokenmeter's own packages and its auto-configuration can reach them; may change
 * or disappear without notice in any release.
 */
@NullMarked
package io.tokenmeter.core.usage.internal;

import org.jspecify.annotations.NullMarked;
