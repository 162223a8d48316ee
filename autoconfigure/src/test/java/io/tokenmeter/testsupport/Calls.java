package io.tokenmeter.testsupport;

import java.time.Instant;

import io.tokenmeter.core.attribution.CallAttribution;
import io.tokenmeter.core.call.CallOutcome;
import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.usage.TokenUsage;

/** The one fixture for calls in tests: a successful 1 ms OpenAI chat call, changed by name where a test needs it. */
public final class Calls {

	private Calls() {
	}

	/**
	 * A successful, unpriced OpenAI chat call of {@code model} (requested as itself) for agent {@code support},
	 * user {@code alice}: 1,000 uncached input and 200 output tokens, finish reason {@code STOP}.
	 */
	public static LlmCall.Builder chat(String model) {
		return LlmCall.builder()
			.timestamp(Instant.parse("2026-11-26T10:00:00Z"))
			.durationNanos(1_000_000)
			.provider("openai")
			.requestedModel(model)
			.model(model)
			.attribution(new CallAttribution("support", "alice", null))
			.outcome(CallOutcome.SUCCESS)
			.usage(TokenUsage.of(1000, 0, 0, 0, 200, 0))
			.finishReason("STOP");
	}

}
