package io.tokenmeter.autoconfigure.pricing;

import java.time.Clock;

import io.tokenmeter.core.pricing.CatalogStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Says at startup which prices the application runs on: the catalog, its date and source, how many models it
 * prices; and warns when the catalog is older than {@code tokenmeter.pricing.catalog-max-age}, because list
 * prices change and a stale catalog misprices silently.
 */
final class CatalogStartupLog {

	private static final Log logger = LogFactory.getLog(CatalogStartupLog.class);

	private CatalogStartupLog() {
	}

	static void log(CatalogStatus catalog, Clock clock) {
		log(catalog, clock, logger);
	}

	static void log(CatalogStatus catalog, Clock clock, Log log) {
		long age = catalog.ageDays(clock);
		String dated = catalog.effectiveDate() == null ? "undated" : "dated " + catalog.effectiveDate() + " (" + age
				+ " days old)";
		if (log.isInfoEnabled()) {
			log.info("tokenmeter: price catalog " + catalog.location() + ", " + dated + ", " + catalog.catalogModels()
					+ " models (" + catalog.source() + "); " + catalog.configuredModels()
					+ " priced or overridden in tokenmeter.pricing.models");
		}
		if (catalog.stale(clock)) {
			log.warn("tokenmeter: the price catalog " + catalog.location() + " is " + dated
					+ ", older than tokenmeter.pricing.catalog-max-age (" + catalog.maxAge().toDays()
					+ " days): list prices may have changed since. Upgrade tokenmeter for a newer bundled catalog, "
					+ "point tokenmeter.pricing.catalog at a current price file, or pin your rates under "
					+ "tokenmeter.pricing.models.");
		}
	}

}
