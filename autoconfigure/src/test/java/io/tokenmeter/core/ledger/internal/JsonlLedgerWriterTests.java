package io.tokenmeter.core.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.ledger.FullQueuePolicy;
import io.tokenmeter.core.ledger.Records;
import io.tokenmeter.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class JsonlLedgerWriterTests {

	private static final ZoneId UTC = ZoneId.of("UTC");

	@TempDir
	Path directory;

	private final MeteringFailures failures = new MeteringFailures(Duration.ofMinutes(1));

	@Test
	void recordsAreFiledByTheDayTheyStartedAndTheFileRollsOverAtMidnightInTheZone() throws IOException {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-23T23:59:58Z"));
		JsonlLedgerWriter writer = writer(clock, ZoneId.of("UTC"), 30, 0, 100, FullQueuePolicy.BLOCK);
		writer.start();
		writer.offer(Records.call(clock.instant(), "alice"));
		writer.offer(Records.call(clock.instant(), "bob"));
		clock.advance(Duration.ofSeconds(3)); // 2026-11-24T00:00:01Z
		writer.offer(Records.call(clock.instant(), "carol"));
		writer.close();

		assertThat(lines("llm-calls-2026-11-23.jsonl")).hasSize(2);
		assertThat(lines("llm-calls-2026-11-24.jsonl")).singleElement().asString().contains("\"user\":\"carol\"");
	}

	@Test
	void theDayFollowsTheConfiguredZone() throws IOException {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-23T23:30:00Z"));
		JsonlLedgerWriter writer = writer(clock, ZoneId.of("Europe/Berlin"), 30, 0, 100, FullQueuePolicy.BLOCK);
		writer.start();
		writer.offer(Records.call(clock.instant(), "alice")); // 00:30 on the 24th in Berlin
		writer.close();

		assertThat(lines("llm-calls-2026-11-24.jsonl")).hasSize(1);
		assertThat(this.directory.resolve("llm-calls-2026-11-23.jsonl")).doesNotExist();
	}

	@Test
	void filesOlderThanTheRetentionAreDeletedAtStartAndWhenTheDayChanges() throws IOException {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
		for (String day : List.of("2026-10-23", "2026-10-24", "2026-11-22")) {
			Files.writeString(this.directory.resolve("llm-calls-" + day + ".jsonl"), "");
		}
		Files.writeString(this.directory.resolve("notes.txt"), "kept");
		JsonlLedgerWriter writer = writer(clock, UTC, 30, 0, 100, FullQueuePolicy.BLOCK);
		writer.start();

		// 2026-11-23 minus 30 days = 2026-10-24, the oldest day kept
		assertThat(this.directory.resolve("llm-calls-2026-10-23.jsonl")).doesNotExist();
		assertThat(this.directory.resolve("llm-calls-2026-10-24.jsonl")).exists();

		clock.advance(Duration.ofDays(1));
		writer.offer(Records.call(clock.instant(), "alice"));
		assertThat(writer.awaitWritten(Duration.ofSeconds(10))).isTrue();

		assertThat(this.directory.resolve("llm-calls-2026-10-24.jsonl")).doesNotExist();
		assertThat(this.directory.resolve("llm-calls-2026-11-22.jsonl")).exists();
		assertThat(this.directory.resolve("notes.txt")).exists();
		writer.close();
	}

	@Test
	void closeWritesEveryQueuedRecordBeforeReturning() throws IOException {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
		JsonlLedgerWriter writer = writer(clock, UTC, 30, 0, 10_000, FullQueuePolicy.BLOCK);
		writer.start();
		for (int i = 0; i < 10_000; i++) {
			assertThat(writer.offer(Records.call(clock.instant(), "user-" + i))).isTrue();
		}
		writer.close();

		assertThat(lines("llm-calls-2026-11-23.jsonl")).hasSize(10_000);
		assertThat(writer.written()).isEqualTo(10_000);
		assertThat(writer.offer(Records.call(clock.instant(), "late"))).isFalse();
		assertThat(writer.dropped(DropReason.CLOSED)).isEqualTo(1);
	}

	@Test
	void aFullQueueWithTheDropPolicyDropsAtOnceAndCountsIt() throws IOException {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
		JsonlLedgerWriter writer = writer(clock, UTC, 30, 0, 10, FullQueuePolicy.DROP);
		// not started: nothing takes records off the queue
		for (int i = 0; i < 15; i++) {
			writer.offer(Records.call(clock.instant(), "user-" + i));
		}

		assertThat(writer.queued()).isEqualTo(10);
		assertThat(writer.dropped(DropReason.QUEUE_FULL)).isEqualTo(5);
		writer.close();
		assertThat(lines("llm-calls-2026-11-23.jsonl")).hasSize(10);
	}

	@Test
	void aFullQueueWithTheBlockPolicyWaitsForRoom() throws Exception {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
		JsonlLedgerWriter writer = new JsonlLedgerWriter(this.directory, UTC, 30, 0, 10, FullQueuePolicy.BLOCK,
				Duration.ofSeconds(30), clock, this.failures);
		for (int i = 0; i < 10; i++) {
			writer.offer(Records.call(clock.instant(), "user-" + i));
		}
		CompletableFuture<Boolean> eleventh = CompletableFuture
			.supplyAsync(() -> writer.offer(Records.call(clock.instant(), "eleventh")));
		assertThat(eleventh).isNotDone();

		writer.start(); // the writer makes room

		assertThat(eleventh.get(30, TimeUnit.SECONDS)).isTrue();
		writer.close();
		assertThat(lines("llm-calls-2026-11-23.jsonl")).hasSize(11);
		assertThat(writer.dropped(DropReason.QUEUE_FULL)).isZero();
	}

	@Test
	void aFullQueueWithTheBlockPolicyDropsWhenTheTimeoutPasses() throws IOException {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
		JsonlLedgerWriter writer = new JsonlLedgerWriter(this.directory, UTC, 30, 0, 10, FullQueuePolicy.BLOCK,
				Duration.ofMillis(50), clock, this.failures);
		for (int i = 0; i < 10; i++) {
			writer.offer(Records.call(clock.instant(), "user-" + i));
		}
		long start = System.nanoTime();

		assertThat(writer.offer(Records.call(clock.instant(), "eleventh"))).isFalse();

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
		assertThat(writer.dropped(DropReason.QUEUE_FULL)).isEqualTo(1);
		writer.close();
		assertThat(lines("llm-calls-2026-11-23.jsonl")).hasSize(10);
	}

	@Test
	void aTornLastLineLeftByACrashIsCutOffBeforeAppending() throws IOException {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
		LedgerLineCodec codec = new LedgerLineCodec();
		String whole = new String(codec.encode(Records.call(clock.instant(), "alice")), StandardCharsets.UTF_8);
		Path file = this.directory.resolve("llm-calls-2026-11-23.jsonl");
		Files.writeString(file, whole + whole.substring(0, 40));

		JsonlLedgerWriter writer = writer(clock, UTC, 30, 0, 100, FullQueuePolicy.BLOCK);
		writer.start();
		writer.offer(Records.call(clock.instant(), "bob"));
		writer.close();

		List<String> lines = lines("llm-calls-2026-11-23.jsonl");
		assertThat(lines).hasSize(2);
		assertThat(lines).allSatisfy(line -> assertThat(codec.decode(line)).isNotNull());
		assertThat(codec.decode(lines.get(1)).user()).isEqualTo("bob");
	}

	@Test
	void aDayFileAtTheSizeCapDropsThatDaysFurtherRecords() throws IOException {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
		int lineLength = new LedgerLineCodec().encode(Records.call(clock.instant(), "user-1")).length;
		JsonlLedgerWriter writer = writer(clock, UTC, 30, 3L * lineLength, 100, FullQueuePolicy.BLOCK);
		writer.start();
		for (int i = 1; i <= 5; i++) {
			writer.offer(Records.call(clock.instant(), "user-" + i));
		}
		writer.offer(Records.call(clock.instant().plus(Duration.ofDays(1)), "user-6"));
		writer.close();

		assertThat(lines("llm-calls-2026-11-23.jsonl")).hasSize(3);
		assertThat(lines("llm-calls-2026-11-24.jsonl")).hasSize(1);
		assertThat(writer.dropped(DropReason.FILE_SIZE)).isEqualTo(2);
	}

	@Test
	void aDiskErrorIsCountedAndNeverThrownToTheCaller() throws IOException {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
		// a directory where the day's file should be: opening it for append fails
		Files.createDirectory(this.directory.resolve("llm-calls-2026-11-23.jsonl"));
		JsonlLedgerWriter writer = writer(clock, UTC, 30, 0, 100, FullQueuePolicy.BLOCK);
		writer.start();

		assertThat(writer.offer(Records.call(clock.instant(), "alice"))).isTrue();
		writer.close();

		assertThat(writer.dropped(DropReason.ERROR)).isEqualTo(1);
		assertThat(this.failures.count(MeteringStage.LEDGER)).isEqualTo(1);
	}

	@Test
	void aFileDeletedWhileOpenIsNoticedWithinASecondAndTheRecordsWrittenToItSinceAreCounted(CapturedOutput output)
			throws IOException {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
		JsonlLedgerWriter writer = writer(clock, UTC, 30, 0, 100, FullQueuePolicy.BLOCK);
		writer.start();
		writer.offer(Records.call(clock.instant(), "alice"));
		assertThat(writer.awaitWritten(Duration.ofSeconds(10))).isTrue();
		Files.delete(this.directory.resolve("llm-calls-2026-11-23.jsonl"));
		writer.offer(Records.call(clock.instant(), "bob")); // within the second: into the deleted file
		assertThat(writer.awaitWritten(Duration.ofSeconds(10))).isTrue();

		clock.advance(Duration.ofMillis(1500));
		writer.offer(Records.call(clock.instant(), "carol"));
		writer.offer(Records.call(clock.instant(), "dave"));
		writer.close();

		assertThat(lines("llm-calls-2026-11-23.jsonl")).hasSize(2)
			.allSatisfy((line) -> assertThat(line).containsAnyOf("carol", "dave"));
		// alice and bob went to the deleted file after the check at opening
		assertThat(writer.dropped(DropReason.ROTATED)).isEqualTo(2);
		assertThat(writer.written()).isEqualTo(2);
		assertThat(output.toString().lines().filter((line) -> line.contains("was deleted or moved out of")))
			.singleElement()
			.asString()
			.contains("2 records written to it since the previous check are lost");
	}

	@Test
	void aFileRenamedByARotationIsNoticedAndTheLogSaysWhereItsRecordsWent(CapturedOutput output) throws IOException {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
		JsonlLedgerWriter writer = writer(clock, UTC, 30, 0, 100, FullQueuePolicy.BLOCK);
		writer.start();
		writer.offer(Records.call(clock.instant(), "alice"));
		assertThat(writer.awaitWritten(Duration.ofSeconds(10))).isTrue();
		Path rotated = this.directory.resolve("llm-calls-2026-11-23.jsonl.1");
		Files.move(this.directory.resolve("llm-calls-2026-11-23.jsonl"), rotated);
		writer.offer(Records.call(clock.instant(), "bob"));
		assertThat(writer.awaitWritten(Duration.ofSeconds(10))).isTrue();

		clock.advance(Duration.ofSeconds(2));
		writer.offer(Records.call(clock.instant(), "carol"));
		writer.close();

		assertThat(Files.readAllLines(rotated)).hasSize(2);
		assertThat(lines("llm-calls-2026-11-23.jsonl")).singleElement().asString().contains("carol");
		assertThat(writer.dropped(DropReason.ROTATED)).isZero();
		assertThat(writer.written()).isEqualTo(3);
		assertThat(output).containsOnlyOnce("was renamed to " + rotated);
	}

	@Test
	void aFullDiskIsLoggedOnceWithItsRealCauseAndTheRecoveryTellsHowManyRecordsWereDropped(CapturedOutput output)
			throws IOException {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
		int lineLength = new LedgerLineCodec().encode(Records.call(clock.instant(), "user-1")).length;
		AtomicLong freeBytes = new AtomicLong(2L * lineLength + lineLength / 2);
		JsonlLedgerWriter writer = new JsonlLedgerWriter(this.directory, UTC, 30, 0, 1000, FullQueuePolicy.BLOCK,
				Duration.ofSeconds(1), clock, this.failures,
				(file) -> new FillingChannel(JsonlLedgerWriter.ChannelOpener.APPEND.open(file), freeBytes));
		writer.start();
		for (int i = 1; i <= 502; i++) { // two fit, the third is torn, then the disk is full
			writer.offer(Records.call(clock.instant(), "user-" + i));
		}
		assertThat(writer.awaitWritten(Duration.ofSeconds(30))).isTrue();
		freeBytes.set(Long.MAX_VALUE);
		writer.offer(Records.call(clock.instant(), "after"));
		writer.close();

		List<String> lines = lines("llm-calls-2026-11-23.jsonl");
		assertThat(lines).hasSize(3).allSatisfy((line) -> assertThat(new LedgerLineCodec().decode(line)).isNotNull());
		assertThat(writer.dropped(DropReason.ERROR)).isEqualTo(500);
		assertThat(output.toString().lines().filter((line) -> line.contains("No space left on device")))
			.as("one line per interval, naming the cause").hasSize(2)
			.anySatisfy((line) -> assertThat(line).contains("failed: java.io.IOException: No space left on device; "
					+ "1 record dropped since this was last logged"))
			.anySatisfy((line) -> assertThat(line).contains("is written again; 500 records were dropped"));
		assertThat(output).doesNotContain("torn").doesNotContain("unclean stop");
	}

	private JsonlLedgerWriter writer(MutableClock clock, ZoneId zone, int retentionDays, long maxFileSize,
			int capacity, FullQueuePolicy policy) {
		return new JsonlLedgerWriter(this.directory, zone, retentionDays, maxFileSize, capacity, policy,
				Duration.ofSeconds(1), clock, this.failures);
	}

	private List<String> lines(String file) throws IOException {
		return Files.readAllLines(this.directory.resolve(file), StandardCharsets.UTF_8);
	}

	/** A file channel on a disk with {@code freeBytes} left: a write past them writes what fits and fails. */
	private static final class FillingChannel extends FileChannel {

		private final FileChannel file;

		private final AtomicLong freeBytes;

		FillingChannel(FileChannel file, AtomicLong freeBytes) {
			this.file = file;
			this.freeBytes = freeBytes;
		}

		@Override
		public int write(ByteBuffer source) throws IOException {
			long free = this.freeBytes.get();
			if (source.remaining() <= free) {
				int written = this.file.write(source);
				this.freeBytes.addAndGet(-written);
				return written;
			}
			if (free > 0) {
				ByteBuffer fits = source.slice().limit((int) free);
				int written = this.file.write(fits);
				source.position(source.position() + written);
				this.freeBytes.addAndGet(-written);
			}
			throw new IOException("No space left on device");
		}

		@Override
		public int read(ByteBuffer destination) throws IOException {
			return this.file.read(destination);
		}

		@Override
		public long read(ByteBuffer[] destinations, int offset, int length) throws IOException {
			return this.file.read(destinations, offset, length);
		}

		@Override
		public long write(ByteBuffer[] sources, int offset, int length) {
			throw new UnsupportedOperationException();
		}

		@Override
		public long position() throws IOException {
			return this.file.position();
		}

		@Override
		public FileChannel position(long position) throws IOException {
			this.file.position(position);
			return this;
		}

		@Override
		public long size() throws IOException {
			return this.file.size();
		}

		@Override
		public FileChannel truncate(long size) throws IOException {
			long before = this.file.size();
			this.file.truncate(size);
			this.freeBytes.addAndGet(Math.max(0, before - size));
			return this;
		}

		@Override
		public void force(boolean metaData) throws IOException {
			this.file.force(metaData);
		}

		@Override
		public long transferTo(long position, long count, WritableByteChannel target) {
			throw new UnsupportedOperationException();
		}

		@Override
		public long transferFrom(ReadableByteChannel source, long position, long count) {
			throw new UnsupportedOperationException();
		}

		@Override
		public int read(ByteBuffer destination, long position) throws IOException {
			return this.file.read(destination, position);
		}

		@Override
		public int write(ByteBuffer source, long position) {
			throw new UnsupportedOperationException();
		}

		@Override
		public MappedByteBuffer map(MapMode mode, long position, long size) {
			throw new UnsupportedOperationException();
		}

		@Override
		public FileLock lock(long position, long size, boolean shared) {
			throw new UnsupportedOperationException();
		}

		@Override
		public FileLock tryLock(long position, long size, boolean shared) {
			throw new UnsupportedOperationException();
		}

		@Override
		protected void implCloseChannel() throws IOException {
			this.file.close();
		}

	}

}
