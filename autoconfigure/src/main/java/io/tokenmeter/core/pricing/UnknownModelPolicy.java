package io.tokenmeter.core.pricing;

/**
 * What happens when a call's model has no price. In every case the call's tokens are still counted.
 *
 * @since 0.1.0
 */
public enum UnknownModelPolicy {

	/** Count it in {@code llm.calls.unpriced}, log one warning per model id, record no cost. */
	WARN,
	/**
	 * Refuse: configured chat models without a price fail startup, and a call of an unpriced model at runtime
	 * makes metering fail (counted in {@code tokenmeter.errors}, stage {@code pricing}); the caller still gets
	 * the model's answer.
	 */
	FAIL,
	/** Count it in {@code llm.calls.unpriced}, record no cost, log nothing. */
	IGNORE

}
