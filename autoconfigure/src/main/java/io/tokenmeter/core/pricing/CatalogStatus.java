package io.tokenmeter.core.pricing;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * Where the prices come from and how old they are, for the startup log and the report.
 *
 * @param location {@code bundled}, {@code none}, or the resource location of the catalog file
 * @param source what the catalog's prices come from, as the catalog says
 * @param effectiveDate the date the prices were taken from their sources, or null when unknown
 * @param catalogModels models priced by the catalog
 * @param configuredModels models priced or overridden under {@code tokenmeter.pricing.models}
 * @param maxAge the age beyond which the catalog is reported as stale
 * @since 0.1.0
 */
public record CatalogStatus(String location, String source, @Nullable LocalDate effectiveDate, int catalogModels,
		int configuredModels, Duration maxAge) {

	/** Whole days since the effective date, or -1 when the date is unknown. */
	public long ageDays(Clock clock) {
		return this.effectiveDate == null ? -1
				: ChronoUnit.DAYS.between(this.effectiveDate, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
	}

	/** True when the catalog is dated and older than {@link #maxAge}. */
	public boolean stale(Clock clock) {
		return this.effectiveDate != null && this.catalogModels > 0 && ageDays(clock) > this.maxAge.toDays();
	}

}
