package io.tokenmeter.sample.chat;

import java.time.Duration;
import java.time.Instant;

import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIServiceException;
import io.tokenmeter.core.budget.BudgetExceededException;
import io.tokenmeter.core.budget.BudgetStoreUnavailableException;
import io.tokenmeter.sample.chat.RequestBodyLimitFilter.RequestBodyTooLargeException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem details for the chat API: 400 for requests that cannot be answered as sent (missing or
 * oversized message, malformed JSON, a field the API does not know), 413 for a body over the size limit, 415 for a
 * body that is not sent as JSON, 429 when an enforced budget refuses the call (naming the budget, with
 * {@code Retry-After} set to the end of its window), 503 when the budget store cannot be checked, 502 when the model
 * provider (OpenAI or an OpenAI-compatible server) fails the call.
 *
 * <p>Not limited to {@link ChatController}'s methods: a wrong {@code Content-Type} (415) or method (405) is found
 * before any handler is chosen, and only an advice for every handler sees those.
 */
@RestControllerAdvice
class ChatProblems extends ResponseEntityExceptionHandler {

	private static final String FIELDS = "{\"message\", \"agent\", \"user\", \"session\", \"model\"}";

	@ExceptionHandler(InvalidChatRequestException.class)
	ProblemDetail invalidRequest(InvalidChatRequestException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Invalid chat request");
		problem.setProperty("field", ex.getField());
		return problem;
	}

	@ExceptionHandler(BudgetExceededException.class)
	ResponseEntity<ProblemDetail> budgetExceeded(BudgetExceededException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, ex.getMessage());
		problem.setTitle("Budget exceeded");
		problem.setProperty("budget", ex.getBudget());
		problem.setProperty("key", ex.getKey());
		problem.setProperty("limit", ex.getLimit());
		problem.setProperty("spent", ex.getSpent());
		HttpHeaders headers = new HttpHeaders();
		if (ex.getWindowEnd() != null) {
			problem.setProperty("resetsAt", ex.getWindowEnd().toString());
			long seconds = Math.max(1, Duration.between(Instant.now(), ex.getWindowEnd()).toSeconds());
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		}
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).headers(headers).body(problem);
	}

	@ExceptionHandler(BudgetStoreUnavailableException.class)
	ProblemDetail budgetStoreUnavailable(BudgetStoreUnavailableException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
		problem.setTitle("Budget cannot be checked");
		return problem;
	}

	@ExceptionHandler(OpenAIException.class)
	ProblemDetail providerFailed(OpenAIException ex) {
		String detail = ex instanceof OpenAIServiceException service
				? "The model provider answered HTTP " + service.statusCode()
						+ service.code().map(code -> " (" + code + ")").orElse("") + "."
				: "The model provider could not be reached or answered something unreadable: "
						+ ex.getClass().getSimpleName() + ".";
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, detail);
		problem.setTitle("Model call failed");
		if (ex instanceof OpenAIServiceException service) {
			problem.setProperty("providerStatus", service.statusCode());
		}
		return problem;
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		RequestBodyTooLargeException tooLarge = causeOf(ex, RequestBodyTooLargeException.class);
		if (tooLarge != null) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
					"The request body is larger than " + tooLarge.maxBytes() + " bytes.");
			problem.setTitle("Request body too large");
			return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
		}
		UnrecognizedPropertyException unknownField = causeOf(ex, UnrecognizedPropertyException.class);
		if (unknownField != null) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"'" + unknownField.getPropertyName() + "' is not a field of a chat request; the fields are "
							+ FIELDS + ".");
			problem.setTitle("Unknown field");
			problem.setProperty("field", unknownField.getPropertyName());
			return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detailOf(ex));
		problem.setTitle("Unreadable request body");
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	/** Spring's own 415 problem, with what to send instead (also when the request has no Content-Type at all). */
	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String sent = request.getHeader(HttpHeaders.CONTENT_TYPE);
		ex.getBody()
			.setDetail(((sent == null || sent.isBlank()) ? "The request has no Content-Type"
					: "Content-Type '" + sent + "' is not supported")
					+ ": send the body as JSON with 'Content-Type: application/json'.");
		return super.handleHttpMediaTypeNotSupported(ex, headers, status, request);
	}

	private static <T extends Throwable> T causeOf(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	private static String detailOf(HttpMessageNotReadableException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof StreamReadException malformed) {
				return "The request body is not valid JSON" + where(malformed.getLocation()) + ": "
						+ malformed.getOriginalMessage();
			}
			if (cause instanceof JacksonException mismatch) {
				return "The request body does not match " + FIELDS
						+ where(mismatch.getLocation()) + ": " + mismatch.getOriginalMessage();
			}
		}
		return "The request body is missing or unreadable: send a JSON object such as {\"message\": \"Hello\"}.";
	}

	private static String where(TokenStreamLocation location) {
		return location == null || location.getLineNr() < 0 ? ""
				: " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
	}

}
