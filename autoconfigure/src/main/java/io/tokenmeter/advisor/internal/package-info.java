/**
 * What the advisor needs from its wiring: the chat model's default options, the request rewrite that asks a
 * provider for stream usage, and the pass-through advisor of unmetered builders.
 * <p>
 * Not API: public only so that tokenmeter's own packages and its auto-configuration can reach them; may change
 * or disappear without notice in any release.
 */
@NullMarked
package io.tokenmeter.advisor.internal;

import org.jspecify.annotations.NullMarked;
