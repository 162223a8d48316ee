package io.tokenmeter.core.metrics.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tokenmeter.core.alert.CallCostAlertEvent;
import io.tokenmeter.core.internal.ControlCharacters;

/**
 * Counts call-cost alerts in {@value #ALERTS}, tagged by model and agent (each capped like the call meters' tags,
 * later values folded into {@code other}). Alerts are rare: the counter of a tag pair is resolved once and kept.
 */
public final class CallCostAlertMetrics implements Consumer<CallCostAlertEvent> {

	public static final String ALERTS = "llm.call.cost.alerts";

	private final MeterRegistry registry;

	private final BoundedTagValues models;

	private final BoundedTagValues agents;

	private final Map<Tags, Counter> counters = new ConcurrentHashMap<>();

	public CallCostAlertMetrics(MeterRegistry registry, TagLimits limits) {
		this.registry = registry;
		this.models = new BoundedTagValues(limits.maxModels());
		this.agents = new BoundedTagValues(limits.maxAgents());
	}

	@Override
	public void accept(CallCostAlertEvent alert) {
		Tags tags = Tags.of("model", ControlCharacters.escape(this.models.valueOf(alert.model())), "agent",
				ControlCharacters.escape(this.agents.valueOf(alert.agent())));
		this.counters.computeIfAbsent(tags, key -> Counter.builder(ALERTS)
			.description("Model calls that cost more than their tokenmeter.alerts threshold")
			.tags(key)
			.register(this.registry)).increment();
	}

}
