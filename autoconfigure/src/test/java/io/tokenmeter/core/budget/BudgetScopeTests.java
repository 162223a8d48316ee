package io.tokenmeter.core.budget;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import io.tokenmeter.core.attribution.CallAttribution;
import io.tokenmeter.core.budget.internal.Admission;
import io.tokenmeter.core.budget.internal.BudgetTracker;
import io.tokenmeter.core.call.CallOutcome;
import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.usage.TokenUsage;
import io.tokenmeter.testsupport.Calls;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetScopeTests {

	@Test
	void aModelScopedKeyIsTheRequestedModelNotTheDatedSnapshotThatAnswered() {
		assertThat(BudgetScope.MODEL.keyOf(call("gpt-4o", "gpt-4o-2024-08-06"))).isEqualTo("gpt-4o");
	}

	@Test
	void aModelScopedKeyFallsBackToTheAnsweringModelWhenTheRequestNamedNone() {
		assertThat(BudgetScope.MODEL.keyOf(call(null, "gpt-4o-2024-08-06"))).isEqualTo("gpt-4o-2024-08-06");
	}

	@Test
	void theTrackerChargesAModelScopedBudgetUnderTheKeyItReservedUnder() {
		Budget perModel = new Budget("per-model", BigDecimal.ONE, BudgetWindow.calendar(BudgetWindow.Kind.TOTAL,
				ZoneId.of("UTC")), BudgetScope.MODEL, Set.of("gpt-4o"), List.of(BigDecimal.ONE), true);
		InMemoryBudgetStore store = new InMemoryBudgetStore();
		BudgetTracker tracker = new BudgetTracker(List.of(perModel), store, event -> {
		}, Clock.systemUTC(), StoreFailureMode.FAIL_OPEN, new MeteringFailures(Duration.ofMinutes(1)));
		Admission admission = tracker.admit("gpt-4o", "agent", "alice", new BigDecimal("0.50"));
		tracker.settle(admission, call("gpt-4o", "gpt-4o-2024-08-06"));
		assertThat(tracker.spent(perModel, "gpt-4o")).isEqualByComparingTo("0.10");
		// The reservation was settled, not left behind: the remaining $0.90 fits.
		tracker.admit("gpt-4o", "agent", "alice", new BigDecimal("0.90"));
	}

	private static LlmCall call(String requestedModel, String model) {
		return Calls.chat(model)
			.requestedModel(requestedModel)
			.attribution(new CallAttribution("agent", "alice", null))
			.usage(TokenUsage.of(100, 0, 0, 0, 10, 0))
			.cost(new BigDecimal("0.10"))
			.build();
	}

}
