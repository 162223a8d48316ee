package io.tokenmeter.core.pricing.internal;

import java.math.BigDecimal;

import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.call.internal.OncePerKeyLog;
import io.tokenmeter.core.pricing.CostCalculator;
import io.tokenmeter.core.pricing.ModelPrice;
import io.tokenmeter.core.pricing.RateTable;
import io.tokenmeter.core.pricing.UnknownModelPolicy;
import io.tokenmeter.core.pricing.UnpricedModelException;
import io.tokenmeter.core.usage.TokenUsage;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Prices a recorded call, or says it cannot: no usage reported, or no price for the model (handled by the
 * {@link UnknownModelPolicy}). Never substitutes zero or another model's price: the requested model's price is
 * used only when the answering id is a dated, versioned or prefixed form of it ({@link ModelIdForms}: requested
 * {@code o3}, answered {@code o3-2025-04-16}); a different answering model without a price is unpriced, whatever
 * was requested.
 */
public final class CallPricer {

	private final RateTable rateTable;

	private final CostCalculator calculator;

	private final UnknownModelPolicy unknownModelPolicy;

	private final OncePerKeyLog unpricedLog = new OncePerKeyLog(LogFactory.getLog(CallPricer.class), 1_000);

	private final UnpricedModels unpricedModels = new UnpricedModels(1_000);

	public CallPricer(RateTable rateTable, CostCalculator calculator, UnknownModelPolicy unknownModelPolicy) {
		this.rateTable = rateTable;
		this.calculator = calculator;
		this.unknownModelPolicy = unknownModelPolicy;
	}

	/** @return the cost in USD, or null when the call is unpriced */
	public @Nullable BigDecimal price(LlmCall call) {
		return price(call.provider(), call.model(), call.requestedModel(), call.usage(), call.serviceTier());
	}

	/**
	 * The same from a call's parts, so a call can be priced before its record is built (one record per call).
	 * @return the cost in USD, or null when the call is unpriced
	 */
	public @Nullable BigDecimal price(String provider, String model, @Nullable String requestedModel,
			TokenUsage usage, @Nullable String serviceTier) {
		if (!usage.reported()) {
			return null;
		}
		ModelPrice price = priceOf(provider, model, requestedModel);
		if (price == null) {
			unpriced(provider, model, requestedModel);
			return null;
		}
		return this.calculator.cost(usage, price, serviceTier);
	}

	/**
	 * What a recorded call costs at the current rates, by the same rules as {@link #price(LlmCall)} but without
	 * its side effects (no warning, no unknown-model policy, not listed as unpriced): for repricing the ledger.
	 * @return the cost in USD, or null when the usage was not reported or no price applies
	 */
	public BigDecimal reprice(String provider, String model, String requestedModel, TokenUsage usage,
			String serviceTier) {
		if (!usage.reported()) {
			return null;
		}
		ModelPrice price = priceOf(provider, model, requestedModel);
		return price != null ? this.calculator.cost(usage, price, serviceTier) : null;
	}

	private ModelPrice priceOf(String provider, String model, String requestedModel) {
		ModelPrice price = find(provider, model);
		if (price == null && requestedModel != null && !requestedModel.equals(model)) {
			// The requested model's price (a cached lookup) first: the forms of the answering id are worked out
			// only when there is a price they could lead to.
			ModelPrice requested = find(provider, requestedModel);
			if (requested != null && ModelIdForms.isFormOf(model, requestedModel)) {
				price = requested;
			}
		}
		return price;
	}

	/** The price of a model, or null; for estimates and reports. */
	public @Nullable ModelPrice find(String provider, String model) {
		return this.rateTable.find(provider, model);
	}

	/** The models seen without a price since startup. */
	public UnpricedModels unpricedModels() {
		return this.unpricedModels;
	}

	public RateTable rateTable() {
		return this.rateTable;
	}

	public CostCalculator calculator() {
		return this.calculator;
	}

	private void unpriced(String provider, String model, @Nullable String requestedModel) {
		this.unpricedModels.add(provider, model, requestedModel);
		switch (this.unknownModelPolicy) {
			case FAIL -> throw new UnpricedModelException(provider, model);
			case WARN -> this.unpricedLog.warn(model, () -> unpricedMessage(provider, model, requestedModel));
			case IGNORE -> {
			}
		}
	}

	private static String unpricedMessage(String provider, String model, @Nullable String requested) {
		String differentModel = requested == null || requested.equals(model) ? ""
				: " It answered a request for '" + requested + "' and is not priced at that model's rates: it is "
						+ "a different model, not a dated or versioned form of it.";
		return "tokenmeter: no price for model '" + model + "' (provider " + provider + ")."
				+ differentModel + " Its calls are counted in llm.calls.unpriced and their tokens in llm.tokens, "
				+ "but no cost is recorded. Add a price: " + ModelPriceProperty.howToPrice(model)
				+ ". Or set tokenmeter.pricing.unknown-model=ignore to silence this warning.";
	}

}
