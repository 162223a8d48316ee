package io.tokenmeter.core.ledger.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.tokenmeter.core.ledger.FullQueuePolicy;
import io.tokenmeter.core.ledger.LlmCallRecord;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Takes call records off the calling thread and hands them, in order and in batches, to one
 * {@link RecordBatchWriter} on one writer thread. Shared by the JSONL and the JDBC ledger, so both have the same
 * full-queue policy and drop counting.
 *
 * <ul>
 * <li><b>Calling thread:</b> a record goes into a bounded lock-free queue; nothing else. When the queue is full the
 * {@link FullQueuePolicy} decides: wait briefly for room, or drop. Dropped records are counted in the
 * {@link LedgerDrops}; nothing here ever throws to the caller.</li>
 * <li><b>Writer thread:</b> takes up to {@code maxBatch} records at a time and writes them, then lets the next
 * records gather for a millisecond while they keep coming (so callers rarely have to wake it); a slot in the queue is
 * free again as soon as its record is taken, so a writer stuck on a batch (a database that is down) holds that
 * batch plus a full queue, and the rest is dropped and counted.</li>
 * <li><b>Shutdown:</b> {@link #close()} stops taking records and writes every queued one before returning (up to
 * the drain timeout).</li>
 * </ul>
 */
public final class LedgerQueue implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(LedgerQueue.class);

	private static final long IDLE_PARK_NANOS = Duration.ofMillis(100).toNanos();

	/**
	 * How long the writer waits after a batch before taking the next one, while records keep coming. Without it the
	 * writer, faster than the callers, empties the queue after every record and goes to sleep, and every call pays
	 * for waking it (an unpark, a system call, and a context switch on a machine with few cores). With it the
	 * callers never wake a busy writer, and a record waits at most about this long plus one batch.
	 */
	private static final long LINGER_NANOS = Duration.ofMillis(1).toNanos();

	private final String name;

	private final int capacity;

	private final FullQueuePolicy fullQueuePolicy;

	private final long blockTimeoutNanos;

	private final int maxBatch;

	private final Duration drainTimeout;

	private final LedgerDrops drops;

	private final RecordBatchWriter writer;

	private final ConcurrentLinkedQueue<LlmCallRecord> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger queued = new AtomicInteger();

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLong processed = new AtomicLong();

	private volatile boolean closed;

	private volatile boolean sleeping;

	private volatile Thread thread;

	/**
	 * @param name the writer thread's name
	 * @param capacity records that may wait for the writer thread
	 * @param fullQueuePolicy what to do with a record when the queue is full
	 * @param blockTimeout how long {@link FullQueuePolicy#BLOCK} waits for room
	 * @param maxBatch records handed to the writer at once
	 * @param drainTimeout how long {@link #close()} waits for the queue to be written
	 * @param drops where dropped records are counted
	 * @param writer where records go
	 */
	public LedgerQueue(String name, int capacity, FullQueuePolicy fullQueuePolicy, Duration blockTimeout,
			int maxBatch, Duration drainTimeout, LedgerDrops drops, RecordBatchWriter writer) {
		if (capacity < 1 || maxBatch < 1 || blockTimeout.isNegative()) {
			throw new IllegalArgumentException("capacity and maxBatch must be at least 1, blockTimeout not negative");
		}
		this.name = name;
		this.capacity = capacity;
		this.fullQueuePolicy = fullQueuePolicy;
		this.blockTimeoutNanos = blockTimeout.toNanos();
		this.maxBatch = maxBatch;
		this.drainTimeout = drainTimeout;
		this.drops = drops;
		this.writer = writer;
	}

	/** Starts the writer thread (once). */
	public synchronized void start() {
		if (this.thread != null || this.closed) {
			return;
		}
		Thread writerThread = new Thread(this::run, this.name);
		writerThread.setDaemon(true);
		this.thread = writerThread;
		writerThread.start();
	}

	/** Queues a record for writing. @return false when it was dropped (and counted) instead */
	public boolean offer(LlmCallRecord record) {
		if (this.closed) {
			this.drops.drop(DropReason.CLOSED);
			return false;
		}
		if (!reserveSlot() && (this.fullQueuePolicy == FullQueuePolicy.DROP || !awaitSlot())) {
			this.drops.drop(DropReason.QUEUE_FULL);
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

	/** Records waiting for the writer thread (not counting a batch it is writing). */
	public int queued() {
		return this.queued.get();
	}

	/** Whether {@link #close()} has been called: a writer retrying a batch may give up. */
	public boolean closing() {
		return this.closed;
	}

	/** Stops taking records and writes every queued one before returning (up to the drain timeout). */
	@Override
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		Thread writerThread = this.thread;
		if (writerThread != null) {
			LockSupport.unpark(writerThread);
			try {
				writerThread.join(this.drainTimeout.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (writerThread.isAlive()) {
				writerThread.interrupt();
				logger.warn("tokenmeter: the " + this.name + " writer did not finish within " + this.drainTimeout
						+ "; " + this.queued.get() + " records were not written.");
				return;
			}
		}
		drainQueue(new ArrayList<>(this.maxBatch));
		this.writer.close();
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
		List<LlmCallRecord> batch = new ArrayList<>(this.maxBatch);
		while (true) {
			if (drainQueue(batch)) {
				if (!this.closed && this.queued.get() < this.capacity / 2) { // never while callers may wait for room
					LockSupport.parkNanos(this, LINGER_NANOS);
				}
				continue;
			}
			if (this.closed) {
				return;
			}
			idle();
			this.sleeping = true;
			if (this.queue.isEmpty() && !this.closed) {
				LockSupport.parkNanos(this, IDLE_PARK_NANOS);
			}
			this.sleeping = false;
		}
	}

	/** Writes what is queued, a batch at a time. @return whether there was anything */
	private boolean drainQueue(List<LlmCallRecord> batch) {
		boolean any = false;
		while (true) {
			LlmCallRecord record;
			while (batch.size() < this.maxBatch && (record = this.queue.poll()) != null) {
				batch.add(record);
			}
			if (batch.isEmpty()) {
				return any;
			}
			any = true;
			int taken = batch.size();
			this.queued.addAndGet(-taken);
			try {
				this.writer.write(batch);
			}
			catch (RuntimeException ex) {
				this.drops.count(DropReason.ERROR, taken);
				logger.warn("tokenmeter: the " + this.name + " writer failed; " + taken + " records dropped.", ex);
			}
			batch.clear();
			this.processed.addAndGet(taken);
		}
	}

	private void idle() {
		try {
			this.writer.idle();
		}
		catch (RuntimeException ex) {
			logger.warn("tokenmeter: the " + this.name + " writer's housekeeping failed.", ex);
		}
	}

}
