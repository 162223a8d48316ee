package io.tokenmeter.core.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.tokenmeter.core.call.MeteringFailures;
import io.tokenmeter.core.call.MeteringStage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Appends every record as one JSON line to a file per day ({@code llm-calls-2026-11-23.jsonl}, the day of the
 * call's timestamp in the configured zone), off the calling thread.
 *
 * <ul>
 * <li><b>Calling thread:</b> a record goes into a bounded lock-free queue; nothing else. When the queue is full the
 * {@link FullQueuePolicy} decides: wait briefly for room, or drop. Dropped records are counted by
 * {@link DropReason}; nothing here ever throws to the caller.</li>
 * <li><b>Writer thread:</b> one thread takes records in order and writes each line (JSON and its newline) with one
 * write to a file opened for append, so a line is never interleaved or half-written in the middle of a file. A
 * crash can at worst tear the file's <em>last</em> line: reopening the file cuts such a torn tail off, and the
 * {@link LedgerReader} skips it.</li>
 * <li><b>Retention:</b> files of days more than {@code retentionDays} before today are deleted at start and
 * whenever the day changes. An optional size cap per file drops (and counts) the day's further records.</li>
 * <li><b>Shutdown:</b> {@link #close()} drains the queue before returning, so a graceful shutdown loses nothing.</li>
 * </ul>
 */
public final class JsonlLedgerWriter implements LedgerSink, AutoCloseable {

	private static final Log logger = LogFactory.getLog(JsonlLedgerWriter.class);

	private static final long IDLE_PARK_NANOS = Duration.ofMillis(100).toNanos();

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

	private static final long DROP_LOG_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

	private final Path directory;

	private final ZoneId zone;

	private final int retentionDays;

	private final long maxFileSize;

	private final int capacity;

	private final FullQueuePolicy fullQueuePolicy;

	private final long blockTimeoutNanos;

	private final Clock clock;

	private final MeteringFailures failures;

	private final LedgerLineCodec codec = new LedgerLineCodec();

	private final ConcurrentLinkedQueue<LlmCallRecord> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger queued = new AtomicInteger();

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLong processed = new AtomicLong();

	private final LongAdder written = new LongAdder();

	private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);

	private final AtomicLong lastDropLog = new AtomicLong(System.nanoTime() - DROP_LOG_INTERVAL_NANOS);

	private volatile boolean closed;

	private volatile boolean sleeping;

	private volatile Thread thread;

	// Owned by the writer thread (and by close() once that thread has ended).

	private LocalDate openDay;

	private FileChannel channel;

	private long fileSize;

	private LocalDate retentionCheckedFor;

	private LocalDate sizeCapWarnedFor;

	/**
	 * @param directory where the day files are written (created when missing)
	 * @param zone the zone whose calendar days the files follow
	 * @param retentionDays files of days more than this many days before today are deleted
	 * @param maxFileSize bytes one day's file may reach, after which that day's records are dropped; 0 for no cap
	 * @param queueCapacity records that may wait for the writer thread
	 * @param fullQueuePolicy what to do with a record when the queue is full
	 * @param blockTimeout how long {@link FullQueuePolicy#BLOCK} waits for room
	 * @param clock today's date, for retention
	 * @param failures where write failures are counted
	 */
	public JsonlLedgerWriter(Path directory, ZoneId zone, int retentionDays, long maxFileSize, int queueCapacity,
			FullQueuePolicy fullQueuePolicy, Duration blockTimeout, Clock clock, MeteringFailures failures) {
		if (retentionDays < 1 || queueCapacity < 1 || maxFileSize < 0 || blockTimeout.isNegative()) {
			throw new IllegalArgumentException("retentionDays and queueCapacity must be at least 1, maxFileSize and "
					+ "blockTimeout not negative");
		}
		this.directory = directory;
		this.zone = zone;
		this.retentionDays = retentionDays;
		this.maxFileSize = maxFileSize;
		this.capacity = queueCapacity;
		this.fullQueuePolicy = fullQueuePolicy;
		this.blockTimeoutNanos = blockTimeout.toNanos();
		this.clock = clock;
		this.failures = failures;
		for (DropReason reason : DropReason.values()) {
			this.dropped.put(reason, new LongAdder());
		}
	}

	/**
	 * Creates the directory, deletes expired files and starts the writer thread.
	 * @throws UncheckedIOException when the directory cannot be created
	 */
	public synchronized void start() {
		if (this.thread != null || this.closed) {
			return;
		}
		try {
			Files.createDirectories(this.directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create the ledger directory " + this.directory, ex);
		}
		checkRetention();
		Thread writer = new Thread(this::run, "tokenmeter-ledger");
		writer.setDaemon(true);
		this.thread = writer;
		writer.start();
	}

	@Override
	public void accept(LlmCallRecordedEvent event) {
		offer(event.record());
	}

	/** Queues a record for writing. @return false when it was dropped (and counted) instead */
	public boolean offer(LlmCallRecord record) {
		if (this.closed) {
			drop(DropReason.CLOSED);
			return false;
		}
		if (!reserveSlot() && (this.fullQueuePolicy == FullQueuePolicy.DROP || !awaitSlot())) {
			drop(DropReason.QUEUE_FULL);
			return false;
		}
		this.queue.offer(record);
		this.accepted.incrementAndGet();
		if (this.sleeping) {
			LockSupport.unpark(this.thread);
		}
		return true;
	}

	/**
	 * Waits until every record queued before this call has been written (or dropped by the writer).
	 * @return false when the timeout passed first
	 */
	public boolean awaitWritten(Duration timeout) {
		long target = this.accepted.get();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.processed.get() < target) {
			if (System.nanoTime() - deadline >= 0) {
				return false;
			}
			LockSupport.parkNanos(200_000);
		}
		return true;
	}

	/** Records waiting for the writer thread. */
	public int queued() {
		return this.queued.get();
	}

	/** Records written since start. */
	public long written() {
		return this.written.sum();
	}

	/** Records dropped since start for one reason. */
	public long dropped(DropReason reason) {
		return this.dropped.get(reason).sum();
	}

	public Path directory() {
		return this.directory;
	}

	public ZoneId zone() {
		return this.zone;
	}

	/** Stops taking records and writes every queued one before returning (up to 30 seconds). */
	@Override
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		Thread writer = this.thread;
		if (writer != null) {
			LockSupport.unpark(writer);
			try {
				writer.join(DRAIN_TIMEOUT.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (writer.isAlive()) {
				logger.warn("tokenmeter: the ledger writer did not finish within " + DRAIN_TIMEOUT + "; "
						+ this.queued.get() + " records were not written to " + this.directory);
				return;
			}
		}
		drainQueue();
		closeFile();
	}

	private boolean reserveSlot() {
		if (this.queued.incrementAndGet() <= this.capacity) {
			return true;
		}
		this.queued.decrementAndGet();
		return false;
	}

	/** Waits for room with a short, growing back-off; only ever runs while the queue is full. */
	private boolean awaitSlot() {
		long deadline = System.nanoTime() + this.blockTimeoutNanos;
		long backoff = 10_000;
		while (!this.closed) {
			if (reserveSlot()) {
				return true;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			LockSupport.parkNanos(Math.min(backoff, left));
			backoff = Math.min(backoff * 2, 1_000_000);
		}
		return false;
	}

	private void run() {
		while (true) {
			if (drainQueue()) {
				continue;
			}
			if (this.closed) {
				return;
			}
			checkRetention();
			this.sleeping = true;
			if (this.queue.isEmpty() && !this.closed) {
				LockSupport.parkNanos(this, IDLE_PARK_NANOS);
			}
			this.sleeping = false;
		}
	}

	/** Writes what is queued. @return whether there was anything */
	private boolean drainQueue() {
		boolean any = false;
		LlmCallRecord record;
		while ((record = this.queue.poll()) != null) {
			any = true;
			this.queued.decrementAndGet();
			write(record);
			this.processed.incrementAndGet();
		}
		return any;
	}

	private void write(LlmCallRecord record) {
		try {
			byte[] line = this.codec.encode(record);
			LocalDate day = LocalDate.ofInstant(record.timestamp(), this.zone);
			if (this.channel == null || !day.equals(this.openDay)) {
				open(day);
			}
			if (this.maxFileSize > 0 && this.fileSize + line.length > this.maxFileSize) {
				drop(DropReason.FILE_SIZE);
				warnSizeCap(day);
				return;
			}
			ByteBuffer buffer = ByteBuffer.wrap(line);
			while (buffer.hasRemaining()) {
				this.channel.write(buffer);
			}
			this.fileSize += line.length;
			this.written.increment();
		}
		catch (IOException | RuntimeException ex) {
			this.dropped.get(DropReason.ERROR).increment();
			this.failures.failed(MeteringStage.LEDGER, ex);
			closeFile();
		}
	}

	private void open(LocalDate day) throws IOException {
		closeFile();
		Files.createDirectories(this.directory);
		Path file = LedgerFiles.fileOf(this.directory, day);
		cutTornTail(file);
		this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.APPEND);
		this.fileSize = this.channel.size();
		this.openDay = day;
		checkRetention();
	}

	/** A file whose last byte is not a newline was torn by a crash mid-line: cut it back to its last whole line. */
	private static void cutTornTail(Path file) throws IOException {
		if (!Files.exists(file)) {
			return;
		}
		try (FileChannel existing = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			long size = existing.size();
			if (size == 0 || lastByte(existing, size) == '\n') {
				return;
			}
			long keep = 0;
			ByteBuffer block = ByteBuffer.allocate(8192);
			for (long end = size; end > 0 && keep == 0;) {
				long start = Math.max(0, end - block.capacity());
				block.clear().limit((int) (end - start));
				existing.read(block, start);
				for (int i = block.position() - 1; i >= 0; i--) {
					if (block.get(i) == '\n') {
						keep = start + i + 1;
						break;
					}
				}
				end = start;
			}
			existing.truncate(keep);
			logger.warn("tokenmeter: cut a torn last line (" + (size - keep) + " bytes, from an unclean stop) off "
					+ file);
		}
	}

	private static byte lastByte(FileChannel channel, long size) throws IOException {
		ByteBuffer one = ByteBuffer.allocate(1);
		channel.read(one, size - 1);
		return one.get(0);
	}

	private void closeFile() {
		FileChannel open = this.channel;
		if (open == null) {
			return;
		}
		this.channel = null;
		this.openDay = null;
		try {
			open.force(false);
			open.close();
		}
		catch (IOException ex) {
			this.failures.failed(MeteringStage.LEDGER, ex);
		}
	}

	private void checkRetention() {
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), this.zone);
		if (today.equals(this.retentionCheckedFor)) {
			return;
		}
		this.retentionCheckedFor = today;
		LocalDate oldestKept = today.minusDays(this.retentionDays);
		try {
			for (Path file : LedgerFiles.list(this.directory)) {
				LocalDate day = LedgerFiles.dayOf(file);
				if (day.isBefore(oldestKept) && !day.equals(this.openDay)) {
					Files.deleteIfExists(file);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			this.failures.failed(MeteringStage.LEDGER, ex);
		}
	}

	private void drop(DropReason reason) {
		this.dropped.get(reason).increment();
		long now = System.nanoTime();
		long last = this.lastDropLog.get();
		if (now - last >= DROP_LOG_INTERVAL_NANOS && this.lastDropLog.compareAndSet(last, now)) {
			logger.warn("tokenmeter: ledger records are being dropped (" + reason.tagValue() + "); counted in "
					+ "tokenmeter.ledger.dropped and logged at most once a minute.");
		}
	}

	private void warnSizeCap(LocalDate day) {
		if (!day.equals(this.sizeCapWarnedFor)) {
			this.sizeCapWarnedFor = day;
			logger.warn("tokenmeter: ledger file of " + day + " reached " + this.maxFileSize + " bytes "
					+ "(tokenmeter.ledger.jsonl.max-file-size); further records of that day are dropped and counted.");
		}
	}

}
