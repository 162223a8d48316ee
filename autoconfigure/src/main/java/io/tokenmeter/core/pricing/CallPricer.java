package io.tokenmeter.core.pricing;

import java.math.BigDecimal;

import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.call.OncePerKeyLog;
import org.apache.commons.logging.LogFactory;

/**
 * Prices a recorded call, or says it cannot: no usage reported, or no price for the model (handled by the
 * {@link UnknownModelPolicy}). Never substitutes zero or another model's price.
 */
public final class CallPricer {

	private final RateTable rateTable;

	private final CostCalculator calculator;

	private final UnknownModelPolicy unknownModelPolicy;

	private final OncePerKeyLog unpricedLog = new OncePerKeyLog(LogFactory.getLog(CallPricer.class), 1_000);

	public CallPricer(RateTable rateTable, CostCalculator calculator, UnknownModelPolicy unknownModelPolicy) {
		this.rateTable = rateTable;
		this.calculator = calculator;
		this.unknownModelPolicy = unknownModelPolicy;
	}

	/** @return the cost in USD, or null when the call is unpriced */
	public BigDecimal price(LlmCall call) {
		if (!call.usage().reported()) {
			return null;
		}
		ModelPrice price = find(call.provider(), call.model());
		if (price == null && call.requestedModel() != null && !call.requestedModel().equals(call.model())) {
			price = find(call.provider(), call.requestedModel());
		}
		if (price == null) {
			unpriced(call);
			return null;
		}
		return this.calculator.cost(call.usage(), price, call.serviceTier());
	}

	/** The price of a model, or null; for estimates and reports. */
	public ModelPrice find(String provider, String model) {
		return this.rateTable.find(provider, model);
	}

	public RateTable rateTable() {
		return this.rateTable;
	}

	public CostCalculator calculator() {
		return this.calculator;
	}

	private void unpriced(LlmCall call) {
		switch (this.unknownModelPolicy) {
			case FAIL -> throw new UnpricedModelException(call.provider(), call.model());
			case WARN -> this.unpricedLog.warn(call.model(),
					() -> "tokenmeter: no price for model '" + call.model() + "' (provider " + call.provider()
							+ "). Its calls are counted in llm.calls.unpriced and their tokens in llm.tokens, "
							+ "but no cost is recorded. Add it under tokenmeter.pricing.models (e.g. "
							+ "tokenmeter.pricing.models.[" + call.model() + "].input=…), or set "
							+ "tokenmeter.pricing.unknown-model=ignore to silence this warning.");
			case IGNORE -> {
			}
		}
	}

}
