package io.tokenmeter.core.ledger;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.tokenmeter.core.call.CallOutcome;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.ledger.internal.JsonlLedgerWriter;
import io.tokenmeter.core.ledger.internal.LedgerLineCodec;
import io.tokenmeter.core.usage.TokenUsage;
import io.tokenmeter.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerReaderTests {

	private static final ZoneId UTC = ZoneId.of("UTC");

	@TempDir
	Path directory;

	@Test
	void readingTheFilesBackGivesTheSameSummaryAsTheInMemoryAggregation() {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-20T08:00:00Z"));
		SpendAggregator memory = new SpendAggregator(clock.instant(), 100, 100);
		JsonlLedgerWriter writer = new JsonlLedgerWriter(this.directory, UTC, 30, 0, 1_000, FullQueuePolicy.BLOCK,
				Duration.ofSeconds(1), clock, new MeteringFailures(Duration.ofMinutes(1)));
		writer.start();
		String[] users = { "alice", "bob", "carol", "dave" };
		String[] models = { "gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18", "claude-sonnet-4-5" };
		CallOutcome[] outcomes = CallOutcome.values();
		for (int i = 0; i < 500; i++) {
			boolean priced = i % 7 != 0;
			boolean reported = i % 11 != 0;
			TokenUsage usage = reported ? TokenUsage.of(100 + i, i % 3 * 10, i % 5, i % 2, 50 + i % 40, i % 4)
					: TokenUsage.MISSING;
			// cost = (100 + i) tokens × $2.50/M, exact to the micro-cent, scales differ on purpose
			BigDecimal cost = priced && reported
					? new BigDecimal("0.0000025").multiply(BigDecimal.valueOf(100 + i)).setScale(7 + i % 3) : null;
			LlmCallRecord record = new LlmCallRecord(clock.instant(), 1_000_000L + i, i % 2 == 0 ? 5_000 : -1,
					i % 2 == 0, "openai", "gpt-4o", models[i % models.length], "agent-" + (i % 3), users[i % 4],
					i % 5 == 0 ? null : "session-" + (i % 9), outcomes[i % outcomes.length],
					i % outcomes.length == 2 ? "IOException" : null, usage, cost, null, "STOP", null);
			memory.add(record);
			writer.offer(record);
			clock.advance(Duration.ofMinutes(37)); // about 12 days of calls, over several files
		}
		writer.close();

		LedgerReader.Result read = new LedgerReader(this.directory, UTC).read(null, null);

		assertThat(read.files()).hasSizeGreaterThan(10);
		assertThat(read.records()).isEqualTo(500);
		assertThat(read.skippedLines()).isZero();
		assertThat(read.summary()).isEqualTo(memory.summary());
	}

	@Test
	void onlyCallsThatStartedInTheWindowAreCounted() {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-23T22:00:00Z"));
		JsonlLedgerWriter writer = new JsonlLedgerWriter(this.directory, UTC, 30, 0, 100, FullQueuePolicy.BLOCK,
				Duration.ofSeconds(1), clock, new MeteringFailures(Duration.ofMinutes(1)));
		writer.start();
		for (int i = 0; i < 6; i++) { // 22:00, 23:00, 00:00, 01:00, 02:00, 03:00
			writer.offer(Records.call(clock.instant(), "alice"));
			clock.advance(Duration.ofHours(1));
		}
		writer.close();

		LedgerReader.Result day = new LedgerReader(this.directory, UTC).read(Instant.parse("2026-11-24T00:00:00Z"),
				Instant.parse("2026-11-24T02:00:00Z"));

		assertThat(day.records()).isEqualTo(2);
		assertThat(day.summary().totals().cost()).isEqualByComparingTo("0.0090"); // 2 × $0.0045
	}

	@Test
	void aTornLastLineIsSkippedAndCounted() throws IOException {
		LedgerLineCodec codec = new LedgerLineCodec();
		Instant at = Instant.parse("2026-11-23T10:00:00Z");
		Path file = this.directory.resolve("llm-calls-2026-11-23.jsonl");
		Files.write(file, codec.encode(Records.call(at, "alice")));
		Files.write(file, codec.encode(Records.call(at, "bob")), StandardOpenOption.APPEND);
		byte[] third = codec.encode(Records.call(at, "carol"));
		Files.write(file, java.util.Arrays.copyOf(third, third.length / 2), StandardOpenOption.APPEND);

		LedgerReader.Result result = new LedgerReader(this.directory, UTC).read(null, null);

		assertThat(result.records()).isEqualTo(2);
		assertThat(result.skippedLines()).isEqualTo(1);
		assertThat(result.summary().breakdown(Dimension.USER)).containsOnlyKeys("alice", "bob");
		assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(3);
		assertThat(List.of(result.files())).hasSize(1);
	}

	@Test
	void aClosedDayIsReadOnceAndThenServedFromItsCachedSummaryUntilTheFileChanges() throws IOException {
		Path yesterday = writeDay("2026-11-22", "alice", "alice");
		LedgerReader reader = new LedgerReader(this.directory, UTC, 100, 100,
				new MutableClock(Instant.parse("2026-11-23T12:00:00Z")));
		Instant from = Instant.parse("2026-11-01T00:00:00Z");
		Instant to = Instant.parse("2026-12-01T00:00:00Z");
		assertThat(reader.read(from, to).summary().breakdown(Dimension.USER)).containsOnlyKeys("alice");

		// same size and modification time, other content: the file is not opened again
		FileTime modified = Files.getLastModifiedTime(yesterday);
		Files.writeString(yesterday, Files.readString(yesterday).replace("alice", "carol"));
		Files.setLastModifiedTime(yesterday, modified);
		LedgerReader.Result cached = reader.read(from, to);
		assertThat(cached.summary().breakdown(Dimension.USER)).containsOnlyKeys("alice");
		assertThat(cached.records()).isEqualTo(2);

		// a late record appended: size and time change, the day is read again
		Files.write(yesterday, new LedgerLineCodec().encode(Records.call(Instant.parse("2026-11-22T23:59:59Z"), "dave")),
				StandardOpenOption.APPEND);
		LedgerReader.Result reread = reader.read(from, to);
		assertThat(reread.summary().breakdown(Dimension.USER)).containsOnlyKeys("carol", "dave");
		assertThat(reread.records()).isEqualTo(3);
	}

	@Test
	void todaysFileIsReadOnEveryRequest() throws IOException {
		Path today = writeDay("2026-11-23", "alice");
		LedgerReader reader = new LedgerReader(this.directory, UTC, 100, 100,
				new MutableClock(Instant.parse("2026-11-23T12:00:00Z")));
		reader.read(null, null);

		FileTime modified = Files.getLastModifiedTime(today);
		Files.writeString(today, Files.readString(today).replace("alice", "carol"));
		Files.setLastModifiedTime(today, modified);

		assertThat(reader.read(null, null).summary().breakdown(Dimension.USER)).containsOnlyKeys("carol");
	}

	@Test
	void aWindowMergedFromCachedDaysEqualsOneReadOfAllItsFiles() throws IOException {
		String[] users = { "alice", "bob", "carol" };
		for (int day = 10; day <= 23; day++) {
			String[] names = new String[day % 4 + 1];
			for (int i = 0; i < names.length; i++) {
				names[i] = users[(day + i) % users.length];
			}
			writeDay("2026-11-" + day, names);
		}
		Instant from = Instant.parse("2026-11-12T00:00:00Z"); // days 11 and 24 are read as slack, outside
		Instant to = Instant.parse("2026-11-24T00:00:00Z");
		LedgerReader cached = new LedgerReader(this.directory, UTC, 100, 100,
				new MutableClock(Instant.parse("2026-11-23T12:00:00Z")));
		cached.read(from, to);
		// a reader whose today is before every file reads each file in one pass, as before the cache
		LedgerReader onePass = new LedgerReader(this.directory, UTC, 100, 100,
				new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));

		LedgerReader.Result expected = onePass.read(from, to);
		LedgerReader.Result actual = cached.read(from, to);
		assertThat(actual.summary()).isEqualTo(expected.summary());
		assertThat(actual.records()).isEqualTo(expected.records());
		assertThat(actual.files()).isEqualTo(expected.files());
	}

	@Test
	void concurrentReadsOfOneWindowAllGetTheWholeAnswer() throws IOException {
		for (int day = 1; day <= 23; day++) {
			writeDay(String.format("2026-11-%02d", day), "alice", "bob");
		}
		LedgerReader reader = new LedgerReader(this.directory, UTC, 100, 100,
				new MutableClock(Instant.parse("2026-11-23T12:00:00Z")));
		Instant from = Instant.parse("2026-11-01T00:00:00Z");
		Instant to = Instant.parse("2026-12-01T00:00:00Z");

		List<CompletableFuture<LedgerReader.Result>> reads = IntStream.range(0, 16)
			.mapToObj((i) -> CompletableFuture.supplyAsync(() -> reader.read(from, to)))
			.toList();

		assertThat(reads).allSatisfy((read) -> assertThat(read.join().records()).isEqualTo(46));
	}

	private Path writeDay(String day, String... users) throws IOException {
		LedgerLineCodec codec = new LedgerLineCodec();
		Path file = this.directory.resolve("llm-calls-" + day + ".jsonl");
		Instant at = Instant.parse(day + "T10:00:00Z");
		for (String user : users) {
			Files.write(file, codec.encode(Records.call(at, user)), StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		return file;
	}

}
