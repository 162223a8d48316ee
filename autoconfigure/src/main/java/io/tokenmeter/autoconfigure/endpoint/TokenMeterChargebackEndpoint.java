package io.tokenmeter.autoconfigure.endpoint;

import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import io.tokenmeter.jdbc.internal.JdbcChargeback;
import io.tokenmeter.jdbc.internal.JdbcLedgerException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.util.MimeType;

/**
 * Chargeback from the JDBC ledger, {@code GET /actuator/tokenmeterchargeback?from=2026-11-01&to=2026-12-01}: per
 * user and agent, calls, tokens and exact cost of every instance's calls in {@code [from, to)}, as CSV
 * ({@code text/csv}). Without {@code from} and {@code to}, the current month in the ledger's zone. Exposed and
 * secured like any actuator endpoint (it lists user ids: expose it only where they may be read).
 *
 * @since 0.2.0
 */
@WebEndpoint(id = "tokenmeterchargeback")
public class TokenMeterChargebackEndpoint {

	static final MimeType CSV = MimeType.valueOf("text/csv;charset=UTF-8");

	private final JdbcChargeback chargeback;

	private final ZoneId zone;

	private final Clock clock;

	public TokenMeterChargebackEndpoint(JdbcChargeback chargeback, ZoneId zone, Clock clock) {
		this.chargeback = chargeback;
		this.zone = zone;
		this.clock = clock;
	}

	/**
	 * @param from start, inclusive: a date (start of the day in the ledger's zone) or an instant; default the first
	 * of this month
	 * @param to end, exclusive; default the first of next month
	 */
	@ReadOperation(produces = { "text/csv", "application/json" })
	public WebEndpointResponse<Object> chargeback(@Nullable String from, @Nullable String to) {
		try {
			LocalDate firstOfMonth = LocalDate.ofInstant(this.clock.instant(), this.zone).withDayOfMonth(1);
			Instant start = from != null ? TimeRangeParameter.parse("from", from, this.zone)
					: firstOfMonth.atStartOfDay(this.zone).toInstant();
			Instant end = to != null ? TimeRangeParameter.parse("to", to, this.zone)
					: firstOfMonth.plusMonths(1).atStartOfDay(this.zone).toInstant();
			TimeRangeParameter.checkOrder(start, end);
			StringWriter csv = new StringWriter();
			this.chargeback.write(start, end, csv);
			return new WebEndpointResponse<>(csv.toString(), WebEndpointResponse.STATUS_OK, CSV);
		}
		catch (InvalidEndpointRequestException ex) {
			return TokenMeterEndpointWebExtension.badRequest(ex);
		}
		catch (JdbcLedgerException ex) {
			return TokenMeterEndpointWebExtension.unavailable(ex);
		}
	}

}
