package io.tokenmeter.core.alert.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tokenmeter.core.alert.CallCostAlertEvent;
import io.tokenmeter.core.attribution.CallAttribution;
import io.tokenmeter.testsupport.Calls;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallCostAlertsTests {

	private final List<CallCostAlertEvent> alerts = new CopyOnWriteArrayList<>();

	@Test
	void exactlyOneAlertPerCallAboveTheThresholdAndNoneAtOrBelowIt() {
		CallCostAlerts check = alerts(new CallCostThresholds(new BigDecimal("0.05"), Map.of(), Map.of()));

		for (String cost : List.of("0.01", "0.05", "0.0500001", "0.20", "0.049")) {
			check.onCall(Calls.chat("gpt-4o").cost(new BigDecimal(cost)).build());
		}

		assertThat(this.alerts).extracting(CallCostAlertEvent::cost)
			.containsExactly(new BigDecimal("0.0500001"), new BigDecimal("0.20"));
		CallCostAlertEvent first = this.alerts.get(0);
		assertThat(first.threshold()).isEqualByComparingTo("0.05");
		assertThat(first.model()).isEqualTo("gpt-4o");
		assertThat(first.agent()).isEqualTo("support");
		assertThat(first.user()).isEqualTo("alice");
		assertThat(first.usage().totalInput()).isEqualTo(1000);
		assertThat(first.usage().output()).isEqualTo(200);
		assertThat(first.usageEstimated()).isFalse();
	}

	@Test
	void unpricedCallsNeverAlert() {
		CallCostAlerts check = alerts(new CallCostThresholds(BigDecimal.ZERO, Map.of(), Map.of()));

		check.onCall(Calls.chat("no-price-model").build());

		assertThat(this.alerts).isEmpty();
	}

	@Test
	void anEstimatedCallSaysSo() {
		CallCostAlerts check = alerts(new CallCostThresholds(new BigDecimal("0.05"), Map.of(), Map.of()));

		check.onCall(Calls.chat("gpt-4o").usageEstimated(true).stream(true).cost(new BigDecimal("0.08")).build());

		assertThat(this.alerts).singleElement().extracting(CallCostAlertEvent::usageEstimated).isEqualTo(true);
	}

	@Test
	void theAgentsThresholdWinsOverTheModelsWhichWinsOverTheDefault() {
		CallCostAlerts check = alerts(new CallCostThresholds(new BigDecimal("0.05"),
				Map.of("gpt-4o", new BigDecimal("0.10")), Map.of("research", new BigDecimal("0.50"))));

		// $0.08: above the default, below gpt-4o's $0.10 → no alert for gpt-4o, an alert for another model
		check.onCall(Calls.chat("gpt-4o").cost(new BigDecimal("0.08")).build());
		check.onCall(Calls.chat("gpt-4o-mini").cost(new BigDecimal("0.08")).build());
		// $0.30 on gpt-4o: above its $0.10, but agent research allows $0.50
		check.onCall(Calls.chat("gpt-4o")
			.attribution(new CallAttribution("research", "bob", null))
			.cost(new BigDecimal("0.30"))
			.build());
		check.onCall(Calls.chat("gpt-4o").cost(new BigDecimal("0.30")).build());

		assertThat(this.alerts).extracting(CallCostAlertEvent::model, CallCostAlertEvent::threshold)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("gpt-4o-mini", new BigDecimal("0.05")),
					org.assertj.core.groups.Tuple.tuple("gpt-4o", new BigDecimal("0.10")));
	}

	@Test
	void aModelThresholdMatchesTheRequestedIdOfADatedAnswer() {
		CallCostAlerts check = alerts(
				new CallCostThresholds(null, Map.of("gpt-4o", new BigDecimal("0.01")), Map.of()));

		check.onCall(Calls.chat("gpt-4o-2024-08-06").requestedModel("gpt-4o").cost(new BigDecimal("0.02")).build());
		check.onCall(Calls.chat("o4-mini").cost(new BigDecimal("9.99")).build());

		assertThat(this.alerts).singleElement().extracting(CallCostAlertEvent::model).isEqualTo("gpt-4o-2024-08-06");
	}

	@Test
	void everyAlertIsPublishedThoughTheLogIsBounded() {
		CallCostAlerts check = new CallCostAlerts(new CallCostThresholds(BigDecimal.ZERO, Map.of(), Map.of()),
				this.alerts::add, Duration.ofHours(1));

		for (int i = 0; i < 1000; i++) {
			check.onCall(Calls.chat("gpt-4o").cost(new BigDecimal("0.06")).build());
		}

		assertThat(this.alerts).hasSize(1000);
	}

	private CallCostAlerts alerts(CallCostThresholds thresholds) {
		return new CallCostAlerts(thresholds, this.alerts::add, null);
	}

}
