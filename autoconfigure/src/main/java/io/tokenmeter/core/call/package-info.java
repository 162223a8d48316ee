/**
 * The recorded call ({@link io.tokenmeter.core.call.LlmCall}) and the {@link
 * io.tokenmeter.core.call.LlmCallListener} extension point, with the failure counting every stage shares.
 */
@NullMarked
package io.tokenmeter.core.call;

import org.jspecify.annotations.NullMarked;
