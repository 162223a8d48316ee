package io.tokenmeter.autoconfigure.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import io.tokenmeter.core.pricing.CatalogStatus;
import io.tokenmeter.core.pricing.internal.CallPricer;
import io.tokenmeter.jdbc.internal.JdbcLedger;
import io.tokenmeter.jdbc.internal.JdbcLedgerException;
import io.tokenmeter.jdbc.internal.JdbcRepricer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

/**
 * Repricing the JDBC ledger after a price fix, {@code POST /actuator/tokenmeterreprice} with
 * {@code {"from":"2026-11-01","to":"2026-12-01","dryRun":true}}: every call of every instance in
 * {@code [from, to)} priced again at the current rates; answers the old and new totals and how many rows changed.
 * Changed rows keep their first cost in {@code original_cost} and are marked with when and from which catalog
 * date. {@code dryRun} reports without changing anything. A write operation: expose it only to operators.
 *
 * @since 0.2.0
 */
@WebEndpoint(id = "tokenmeterreprice")
public class TokenMeterRepriceEndpoint {

	private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);

	private final JdbcRepricer repricer;

	private final CallPricer pricer;

	private final CatalogStatus catalog;

	private final JdbcLedger ledger;

	private final ZoneId zone;

	/**
	 * @param pricer the current rates, or null when pricing is off (repricing is then refused)
	 * @param catalog the catalog in use, or null
	 * @param ledger this instance's ledger, flushed first so its queued calls are repriced too
	 */
	public TokenMeterRepriceEndpoint(JdbcRepricer repricer, @Nullable CallPricer pricer,
			@Nullable CatalogStatus catalog, JdbcLedger ledger, ZoneId zone) {
		this.repricer = repricer;
		this.pricer = pricer;
		this.catalog = catalog;
		this.ledger = ledger;
		this.zone = zone;
	}

	/**
	 * @param from start, inclusive: a date (start of the day in the ledger's zone) or an instant
	 * @param to end, exclusive
	 * @param dryRun true to report only
	 */
	@WriteOperation
	public WebEndpointResponse<Object> reprice(String from, String to, @Nullable Boolean dryRun) {
		try {
			Instant start = TimeRangeParameter.parse("from", from, this.zone);
			Instant end = TimeRangeParameter.parse("to", to, this.zone);
			TimeRangeParameter.checkOrder(start, end);
			if (this.pricer == null) {
				String reason = "pricing is off (tokenmeter.pricing.enabled=false): there are no rates to reprice with";
				throw new InvalidEndpointRequestException(reason, reason);
			}
			this.ledger.awaitWritten(FLUSH_TIMEOUT);
			return new WebEndpointResponse<>(this.repricer.reprice(start, end, this.pricer,
					this.catalog != null ? this.catalog.effectiveDate() : null,
					this.catalog != null ? this.catalog.source() : null, Boolean.TRUE.equals(dryRun)));
		}
		catch (InvalidEndpointRequestException ex) {
			return TokenMeterEndpointWebExtension.badRequest(ex);
		}
		catch (JdbcLedgerException ex) {
			return TokenMeterEndpointWebExtension.unavailable(ex);
		}
	}

}
