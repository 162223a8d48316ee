package io.tokenmeter.autoconfigure.endpoint;

import io.tokenmeter.jdbc.internal.JdbcLedgerException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.util.MimeType;

/**
 * The web face of {@link TokenMeterEndpoint}: an invalid window or dimension, or a window that needs the JSONL
 * ledger while it is off, is answered with HTTP 400 and an RFC 9457 problem-details body saying what to ask for;
 * a JDBC ledger whose database cannot be read, with 503 and the database's reason.
 *
 * @since 0.2.0
 */
@EndpointWebExtension(endpoint = TokenMeterEndpoint.class)
public class TokenMeterEndpointWebExtension {

	static final MimeType PROBLEM_JSON = MimeType.valueOf("application/problem+json");

	private static final int STATUS_UNAVAILABLE = 503;

	private final TokenMeterEndpoint endpoint;

	public TokenMeterEndpointWebExtension(TokenMeterEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	@ReadOperation
	public WebEndpointResponse<Object> report(@Nullable String window, @Nullable Boolean sessions) {
		try {
			return new WebEndpointResponse<>(this.endpoint.report(window, sessions));
		}
		catch (InvalidEndpointRequestException ex) {
			return badRequest(ex);
		}
		catch (JdbcLedgerException ex) {
			return unavailable(ex);
		}
	}

	@ReadOperation
	public WebEndpointResponse<Object> breakdown(@Selector String dimension, @Nullable String window) {
		try {
			return new WebEndpointResponse<>(this.endpoint.breakdown(dimension, window));
		}
		catch (InvalidEndpointRequestException ex) {
			return badRequest(ex);
		}
		catch (JdbcLedgerException ex) {
			return unavailable(ex);
		}
	}

	static WebEndpointResponse<Object> badRequest(InvalidEndpointRequestException ex) {
		return new WebEndpointResponse<>(
				new Problem("about:blank", "Bad Request", WebEndpointResponse.STATUS_BAD_REQUEST, ex.getReason()),
				WebEndpointResponse.STATUS_BAD_REQUEST, PROBLEM_JSON);
	}

	/** The JDBC ledger's database could not be read (or written, for repricing): 503, saying why. */
	static WebEndpointResponse<Object> unavailable(JdbcLedgerException ex) {
		return new WebEndpointResponse<>(new Problem("about:blank", "Service Unavailable", STATUS_UNAVAILABLE,
				ex.getMessage()), STATUS_UNAVAILABLE, PROBLEM_JSON);
	}

	/**
	 * An RFC 9457 problem-details body.
	 *
	 * @param type the problem type ({@code about:blank}: the status says it all)
	 * @param title the status phrase
	 * @param status the HTTP status
	 * @param detail what was wrong and what to ask for instead
	 */
	public record Problem(String type, String title, int status, String detail) {
	}

}
