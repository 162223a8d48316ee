package io.tokenmeter.autoconfigure.endpoint;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

/**
 * A {@code from} or {@code to} parameter of the JDBC ledger's endpoints: a date ({@code 2026-11-01}, the start of
 * that day in the ledger's zone) or an instant with offset ({@code 2026-11-01T00:00:00Z}).
 */
final class TimeRangeParameter {

	private TimeRangeParameter() {
	}

	/** @throws InvalidEndpointRequestException when the text is neither */
	static Instant parse(String name, String text, ZoneId zone) {
		String value = text.trim();
		try {
			if (value.length() == 10) {
				return LocalDate.parse(value).atStartOfDay(zone).toInstant();
			}
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			String reason = "'" + text + "' is not a valid " + name + ": write a date such as 2026-11-01 (start of "
					+ "the day in " + zone + ") or an instant such as 2026-11-01T00:00:00Z";
			throw new InvalidEndpointRequestException(reason, reason);
		}
	}

	/** @throws InvalidEndpointRequestException when {@code to} is not after {@code from} */
	static void checkOrder(Instant from, Instant to) {
		if (!to.isAfter(from)) {
			String reason = "'to' (" + to + ") must be after 'from' (" + from + ")";
			throw new InvalidEndpointRequestException(reason, reason);
		}
	}

}
