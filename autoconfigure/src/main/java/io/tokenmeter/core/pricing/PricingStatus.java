package io.tokenmeter.core.pricing;

import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The price side of the report: the catalog in use and the models seen without a price since startup.
 *
 * @param catalog {@code bundled}, {@code none}, or the catalog file's location
 * @param catalogSource what the catalog's prices come from
 * @param catalogDate the date of the catalog's prices, or null when unknown
 * @param catalogAgeDays days since that date, or null when unknown
 * @param catalogStale whether the catalog is older than {@code tokenmeter.pricing.catalog-max-age}
 * @param catalogModels models priced by the catalog
 * @param configuredModels models priced or overridden under {@code tokenmeter.pricing.models}
 * @param unpricedModelsSeen models that answered calls without a price since startup, most calls first, each
 * with the model its first call requested
 * @param unpricedCallsNotListed unpriced calls of models beyond the listed ones (the list is bounded)
 * @since 0.1.0
 */
public record PricingStatus(String catalog, String catalogSource, @Nullable LocalDate catalogDate, @Nullable Long catalogAgeDays,
		boolean catalogStale, int catalogModels, int configuredModels, List<UnpricedModel> unpricedModelsSeen,
		long unpricedCallsNotListed) {
}
