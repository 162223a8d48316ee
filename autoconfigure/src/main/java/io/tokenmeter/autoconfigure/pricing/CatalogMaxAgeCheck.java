package io.tokenmeter.autoconfigure.pricing;

import java.time.Duration;

import io.tokenmeter.core.internal.InvalidConfigurationException;

/** Refuses a catalog age limit that cannot mean anything: zero, negative or missing. */
final class CatalogMaxAgeCheck {

	private CatalogMaxAgeCheck() {
	}

	static void check(Duration maxAge) {
		if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
			throw new InvalidConfigurationException("tokenmeter.pricing.catalog-max-age",
					"a catalog age limit of " + maxAge + " is not positive",
					"Set a positive duration such as 180d, or leave it out for the default of 180 days.");
		}
	}

}
