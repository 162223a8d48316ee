package io.tokenmeter.core.ledger.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;

import io.tokenmeter.core.call.CallOutcome;
import io.tokenmeter.core.call.Operation;
import io.tokenmeter.core.ledger.LlmCallRecord;
import io.tokenmeter.core.usage.TokenUsage;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One {@link LlmCallRecord} as one line of JSON, and back. The field names are the ledger's file format:
 *
 * <pre>{@code
 * {"timestamp":"2026-11-23T10:15:30.123Z","durationMs":812.345678,"ttftMs":95.1,"stream":true,
 *  "provider":"openai","requestedModel":"gpt-4o","model":"gpt-4o-2024-08-06","agent":"support",
 *  "user":"alice","session":"c-42","outcome":"success","finishReason":"STOP","usageReported":true,
 *  "tokens":{"input":600,"cacheRead":400,"cacheWrite5m":0,"cacheWrite1h":0,"output":100,"reasoning":0},
 *  "cost":0.0035}
 * }</pre>
 *
 * Fields that are null are left out ({@code cost} absent = unpriced). Durations are milliseconds with nanosecond
 * decimals and the cost is a plain decimal number, both read back exactly (scale included). Written with Jackson's
 * streaming API: no reflection, one small buffer per line.
 */
public final class LedgerLineCodec {

	private final JsonMapper mapper = JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

	/** The record as UTF-8 JSON followed by a newline. */
	public byte[] encode(LlmCallRecord record) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
		try (JsonGenerator json = this.mapper.createGenerator(bytes)) {
			json.writeStartObject();
			json.writeStringProperty("timestamp", record.timestamp().toString());
			json.writeNumberProperty("durationMs", millis(record.durationNanos()));
			if (record.hasTimeToFirstToken()) {
				json.writeNumberProperty("ttftMs", millis(record.timeToFirstTokenNanos()));
			}
			json.writeBooleanProperty("stream", record.stream());
			if (record.operation() != Operation.CHAT) {
				json.writeStringProperty("operation", record.operation().value());
			}
			writeIfPresent(json, "provider", record.provider());
			writeIfPresent(json, "requestedModel", record.requestedModel());
			writeIfPresent(json, "model", record.model());
			writeIfPresent(json, "agent", record.agent());
			writeIfPresent(json, "user", record.user());
			writeIfPresent(json, "session", record.session());
			json.writeStringProperty("outcome", record.outcome().tagValue());
			writeIfPresent(json, "errorType", record.errorType());
			writeIfPresent(json, "finishReason", record.finishReason());
			writeIfPresent(json, "serviceTier", record.serviceTier());
			TokenUsage usage = record.usage();
			json.writeBooleanProperty("usageReported", usage.reported());
			if (record.usageEstimated()) {
				json.writeBooleanProperty("usageEstimated", true);
			}
			json.writeName("tokens");
			json.writeStartObject();
			json.writeNumberProperty("input", usage.input());
			json.writeNumberProperty("cacheRead", usage.cacheRead());
			json.writeNumberProperty("cacheWrite5m", usage.cacheWrite5m());
			json.writeNumberProperty("cacheWrite1h", usage.cacheWrite1h());
			json.writeNumberProperty("output", usage.output());
			json.writeNumberProperty("reasoning", usage.reasoning());
			json.writeEndObject();
			if (record.cost() != null) {
				json.writeNumberProperty("cost", record.cost());
			}
			writeIfPresent(json, "preview", record.responsePreview());
			json.writeEndObject();
		}
		bytes.write('\n');
		return bytes.toByteArray();
	}

	/**
	 * @param line one line of a ledger file, without its newline
	 * @return the record
	 * @throws IllegalArgumentException when the line is not a complete record (e.g. torn by a crash)
	 */
	public LlmCallRecord decode(String line) {
		Fields fields = new Fields();
		try (JsonParser parser = this.mapper.createParser(line)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new IllegalArgumentException("not a JSON object");
			}
			readObject(parser, fields, false);
			if (parser.nextToken() != null) {
				throw new IllegalArgumentException("trailing content after the record");
			}
		}
		catch (tools.jackson.core.JacksonException ex) {
			throw new IllegalArgumentException("not a ledger record: " + ex.getOriginalMessage(), ex);
		}
		return fields.toRecord();
	}

	private static void readObject(JsonParser parser, Fields fields, boolean tokens) {
		JsonToken token;
		while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			if (value == JsonToken.VALUE_NULL) {
				continue;
			}
			if (tokens) {
				fields.token(name, parser.getLongValue());
				continue;
			}
			switch (name) {
				case "timestamp" -> fields.timestamp = Instant.parse(parser.getString());
				case "durationMs" -> fields.durationNanos = nanos(parser.getDecimalValue());
				case "ttftMs" -> fields.ttftNanos = nanos(parser.getDecimalValue());
				case "stream" -> fields.stream = parser.getBooleanValue();
				case "operation" -> fields.operation = Operation.of(parser.getString());
				case "usageEstimated" -> fields.usageEstimated = parser.getBooleanValue();
				case "provider" -> fields.provider = parser.getString();
				case "requestedModel" -> fields.requestedModel = parser.getString();
				case "model" -> fields.model = parser.getString();
				case "agent" -> fields.agent = parser.getString();
				case "user" -> fields.user = parser.getString();
				case "session" -> fields.session = parser.getString();
				case "outcome" -> fields.outcome = outcome(parser.getString());
				case "errorType" -> fields.errorType = parser.getString();
				case "finishReason" -> fields.finishReason = parser.getString();
				case "serviceTier" -> fields.serviceTier = parser.getString();
				case "usageReported" -> fields.usageReported = parser.getBooleanValue();
				case "tokens" -> {
					if (value != JsonToken.START_OBJECT) {
						throw new IllegalArgumentException("tokens is not an object");
					}
					readObject(parser, fields, true);
				}
				case "cost" -> fields.cost = parser.getDecimalValue();
				case "preview" -> fields.preview = parser.getString();
				default -> parser.skipChildren();
			}
		}
		if (token != JsonToken.END_OBJECT) {
			throw new IllegalArgumentException("incomplete record");
		}
	}

	private static CallOutcome outcome(String value) {
		return CallOutcome.valueOf(value.toUpperCase(Locale.ROOT));
	}

	private static BigDecimal millis(long nanos) {
		return BigDecimal.valueOf(nanos, 6);
	}

	private static long nanos(BigDecimal millis) {
		return millis.movePointRight(6).longValue();
	}

	private static void writeIfPresent(JsonGenerator json, String name, String value) {
		if (value != null) {
			json.writeStringProperty(name, value);
		}
	}

	/** What one line holds while it is being read. */
	private static final class Fields {

		Instant timestamp;

		long durationNanos;

		long ttftNanos = -1;

		boolean stream;

		Operation operation = Operation.CHAT;

		boolean usageEstimated;

		String provider;

		String requestedModel;

		String model;

		String agent;

		String user;

		String session;

		CallOutcome outcome;

		String errorType;

		String finishReason;

		String serviceTier;

		boolean usageReported;

		long input;

		long cacheRead;

		long cacheWrite5m;

		long cacheWrite1h;

		long output;

		long reasoning;

		BigDecimal cost;

		String preview;

		void token(String name, long count) {
			switch (name) {
				case "input" -> this.input = count;
				case "cacheRead" -> this.cacheRead = count;
				case "cacheWrite5m" -> this.cacheWrite5m = count;
				case "cacheWrite1h" -> this.cacheWrite1h = count;
				case "output" -> this.output = count;
				case "reasoning" -> this.reasoning = count;
				default -> {
				}
			}
		}

		LlmCallRecord toRecord() {
			if (this.timestamp == null || this.outcome == null || this.model == null) {
				throw new IllegalArgumentException("a record needs timestamp, model and outcome");
			}
			TokenUsage usage = this.usageReported ? TokenUsage.of(this.input, this.cacheRead, this.cacheWrite5m,
					this.cacheWrite1h, this.output, this.reasoning) : TokenUsage.MISSING;
			return new LlmCallRecord(this.timestamp, this.durationNanos, this.ttftNanos, this.stream, this.provider,
					this.requestedModel, this.model, this.agent, this.user, this.session, this.outcome,
					this.errorType, usage, this.cost, this.serviceTier, this.finishReason, this.preview, this.operation,
					this.usageEstimated);
		}

	}

}
