package io.tokenmeter.core.ledger;

import java.math.BigDecimal;
import java.time.Instant;

import io.tokenmeter.core.call.CallOutcome;
import io.tokenmeter.core.usage.TokenUsage;

/** Call records for tests. */
public final class Records {

	private Records() {
	}

	/** A successful gpt-4o call of 1,000 uncached input and 200 output tokens. */
	public static LlmCallRecord call(Instant at, String user, String session, BigDecimal cost) {
		return new LlmCallRecord(at, 812_345_678L, -1, false, "openai", "gpt-4o", "gpt-4o-2024-08-06", "support",
				user, session, CallOutcome.SUCCESS, null, TokenUsage.of(1000, 0, 0, 0, 200, 0), cost, null, "STOP",
				null);
	}

	public static LlmCallRecord call(Instant at, String user) {
		// 1,000 in × $2.50/M + 200 out × $10/M = $0.0025 + $0.0020
		return call(at, user, null, new BigDecimal("0.0045"));
	}

}
