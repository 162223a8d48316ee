package io.tokenmeter.autoconfigure.endpoint;

import io.tokenmeter.core.ledger.Breakdown;
import io.tokenmeter.core.ledger.Dimension;
import io.tokenmeter.core.ledger.ReportWindow;
import io.tokenmeter.core.ledger.SpendReport;
import io.tokenmeter.core.ledger.internal.SpendReporter;
import io.tokenmeter.core.ledger.internal.WindowNeedsLedgerException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The spend report, {@code /actuator/tokenmeter}: totals, breakdowns by model, agent, user (exact) and session,
 * top users, budgets and unpriced models, since start or for the current hour, day, week or month
 * ({@code ?window=day}, read from the JSONL ledger). {@code /actuator/tokenmeter/{dimension}} returns one
 * breakdown. Exposed and secured like any actuator endpoint.
 *
 * @since 0.2.0
 */
@Endpoint(id = "tokenmeter")
public class TokenMeterEndpoint {

	private final SpendReporter reporter;

	public TokenMeterEndpoint(SpendReporter reporter) {
		this.reporter = reporter;
	}

	/**
	 * @param window {@code total} (since start, the default), {@code hour}, {@code day}, {@code week} or
	 * {@code month}
	 * @param sessions whether to include the per-session breakdown
	 */
	@ReadOperation
	public SpendReport report(@Nullable String window, @Nullable Boolean sessions) {
		ReportWindow period = window(window);
		try {
			return this.reporter.report(period, Boolean.TRUE.equals(sessions));
		}
		catch (WindowNeedsLedgerException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
		}
	}

	/**
	 * @param dimension {@code model}, {@code agent}, {@code user} or {@code session}
	 * @param window as for the report
	 */
	@ReadOperation
	public Breakdown breakdown(@Selector String dimension, @Nullable String window) {
		Dimension parsed;
		try {
			parsed = Dimension.parse(dimension);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
		}
		ReportWindow period = window(window);
		try {
			return this.reporter.breakdown(parsed, period);
		}
		catch (WindowNeedsLedgerException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
		}
	}

	private static ReportWindow window(String window) {
		try {
			return ReportWindow.parse(window);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
		}
	}

}
