package io.tokenmeter.core.call;

/**
 * Receives every recorded call, on the calling thread, after it is priced. Implementations must be fast and
 * must not block; the Spring glue turns calls into application events for users.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface LlmCallListener {

	void onCall(LlmCall call);

}
