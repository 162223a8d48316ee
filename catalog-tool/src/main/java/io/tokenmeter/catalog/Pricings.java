package io.tokenmeter.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tokenmeter.autoconfigure.TokenMeterProperties.ModelPricing;
import io.tokenmeter.autoconfigure.TokenMeterProperties.Rates;
import io.tokenmeter.autoconfigure.TokenMeterProperties.ServiceTier;
import io.tokenmeter.autoconfigure.TokenMeterProperties.Tier;

/** Deep copies of the (mutable) properties beans, so a catalog entry never shares state with its source. */
final class Pricings {

	private Pricings() {
	}

	static ModelPricing copy(ModelPricing source) {
		ModelPricing copy = new ModelPricing();
		copyRates(source, copy);
		List<Tier> tiers = new ArrayList<>();
		for (Tier tier : source.getTiers()) {
			Tier tierCopy = new Tier();
			tierCopy.setAboveInputTokens(tier.getAboveInputTokens());
			copyRates(tier, tierCopy);
			tiers.add(tierCopy);
		}
		copy.setTiers(tiers);
		Map<String, ServiceTier> serviceTiers = new LinkedHashMap<>();
		source.getServiceTiers().forEach((name, tier) -> {
			ServiceTier tierCopy = new ServiceTier();
			copyRates(tier, tierCopy);
			tierCopy.setMultiplier(tier.getMultiplier());
			serviceTiers.put(name, tierCopy);
		});
		copy.setServiceTiers(serviceTiers);
		copy.setSource(source.getSource());
		copy.setChecked(source.getChecked());
		copy.setDeprecated(source.getDeprecated());
		copy.setMaxOutputTokens(source.getMaxOutputTokens());
		return copy;
	}

	private static void copyRates(Rates source, Rates target) {
		target.setInput(source.getInput());
		target.setOutput(source.getOutput());
		target.setCacheRead(source.getCacheRead());
		target.setCacheWrite(source.getCacheWrite());
		target.setCacheWrite1h(source.getCacheWrite1h());
		target.setReasoning(source.getReasoning());
	}

}
