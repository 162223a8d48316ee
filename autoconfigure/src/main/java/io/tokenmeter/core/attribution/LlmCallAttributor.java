package io.tokenmeter.core.attribution;

/**
 * Decides the agent, user and session of a call when the call itself does not name them through advisor
 * params. Declare a bean of this type to read them from Spring Security's principal, the MDC or a request
 * scope. It is called on the thread that makes the call (for streams: the thread that subscribes), before
 * the model is reached, so thread-bound context is visible. Return null fields for what it does not know.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface LlmCallAttributor {

	CallAttribution attribute();

}
