package io.tokenmeter.core.alert.internal;

import java.math.BigDecimal;
import java.util.Map;

import io.tokenmeter.core.call.LlmCall;
import org.jspecify.annotations.Nullable;

/**
 * Which cost makes one call alert-worthy: the threshold of the call's agent if it has one, else the threshold of
 * its model (the requested id, else the answering one), else the default. With only a default, finding a call's
 * threshold is a field read.
 *
 * @param defaultThreshold USD above which any call alerts, or null for none
 * @param byModel USD per model id
 * @param byAgent USD per agent
 */
public record CallCostThresholds(@Nullable BigDecimal defaultThreshold, Map<String, BigDecimal> byModel,
		Map<String, BigDecimal> byAgent) {

	public CallCostThresholds {
		byModel = Map.copyOf(byModel);
		byAgent = Map.copyOf(byAgent);
	}

	/** True when no call can alert. */
	public boolean none() {
		return this.defaultThreshold == null && this.byModel.isEmpty() && this.byAgent.isEmpty();
	}

	/** @return the call's threshold in USD, or null when none applies */
	public @Nullable BigDecimal thresholdFor(LlmCall call) {
		if (!this.byAgent.isEmpty()) {
			BigDecimal agent = this.byAgent.get(call.attribution().agent());
			if (agent != null) {
				return agent;
			}
		}
		if (!this.byModel.isEmpty()) {
			BigDecimal model = call.requestedModel() != null ? this.byModel.get(call.requestedModel()) : null;
			if (model == null) {
				model = this.byModel.get(call.model());
			}
			if (model != null) {
				return model;
			}
		}
		return this.defaultThreshold;
	}

}
