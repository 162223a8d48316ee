package io.tokenmeter.core.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import io.tokenmeter.core.ledger.internal.LedgerFiles;
import io.tokenmeter.core.ledger.internal.LedgerLineCodec;
import io.tokenmeter.core.ledger.internal.TopCalls;

/**
 * Adds up a directory of JSONL ledger files into the same {@link SpendSummary} the in-memory aggregator keeps, so
 * "what did user X spend last month" can be answered after a restart:
 *
 * <pre>{@code
 * LedgerReader.Result month = new LedgerReader(Path.of("tokenmeter-ledger"), ZoneId.of("UTC"))
 *     .read(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"));
 * Spend alice = month.summary().breakdown(Dimension.USER).get("alice");
 * }</pre>
 *
 * Files are streamed line by line (a month of calls is never held in memory). A line that is not a complete
 * record, such as the last line of a file torn by a crash, is skipped and counted.
 * <p>
 * Files of past days (closed: the writer only appends to today's) are read once and their summary kept, until the
 * file's size, modification time or key changes; today's file is read on every call. One read runs at a time: a
 * caller asking for a window while another reads waits, and every caller that waited for the same window shares
 * the next read (which starts after they asked, so it sees what was written before). Where a breakdown holds more
 * values than its cap, cached days are merged keeping the costliest values, so which values are folded may differ
 * from a single pass; totals are exact either way, and so is the list of the most expensive calls (each day keeps
 * its own most expensive, and the window's are among them).
 *
 * @since 0.1.0
 */
public final class LedgerReader {

	private final Path directory;

	private final ZoneId zone;

	private final int maxUsers;

	private final int maxSessions;

	private final int topCalls;

	/** Breakdown values kept over all cached days (about 200 bytes each). */
	static final int MAX_CACHED_VALUES = 200_000;

	private static final Comparator<Map.Entry<String, Spend>> BY_COST_DESCENDING = Comparator
		.comparing((Map.Entry<String, Spend> entry) -> entry.getValue().cost())
		.reversed()
		.thenComparing(Map.Entry::getKey);

	private final Clock clock;

	private final LedgerLineCodec codec = new LedgerLineCodec();

	/** Summaries of closed days by file; read and written under {@link #reading}. */
	private final Map<Path, ClosedDay> closedDays = new ConcurrentHashMap<>();

	private final ReentrantLock reading = new ReentrantLock();

	/** The read each window's callers wait for, until it starts; guarded by itself. */
	private final Map<Window, CompletableFuture<Result>> next = new HashMap<>();

	/** A reader keeping at most 10,000 users and 10,000 sessions in its breakdowns. */
	public LedgerReader(Path directory, ZoneId zone) {
		this(directory, zone, 10_000, 10_000);
	}

	/**
	 * @param directory the ledger directory
	 * @param zone the zone the writer named the day files in
	 * @param maxUsers distinct users kept in the user breakdown
	 * @param maxSessions distinct sessions kept in the session breakdown
	 */
	public LedgerReader(Path directory, ZoneId zone, int maxUsers, int maxSessions) {
		this(directory, zone, maxUsers, maxSessions, SpendAggregator.DEFAULT_TOP_CALLS);
	}

	/**
	 * @param directory the ledger directory
	 * @param zone the zone the writer named the day files in
	 * @param maxUsers distinct users kept in the user breakdown
	 * @param maxSessions distinct sessions kept in the session breakdown
	 * @param topCalls how many of the most expensive calls of a window to list
	 */
	public LedgerReader(Path directory, ZoneId zone, int maxUsers, int maxSessions, int topCalls) {
		this(directory, zone, maxUsers, maxSessions, topCalls, Clock.systemUTC());
	}

	LedgerReader(Path directory, ZoneId zone, int maxUsers, int maxSessions, Clock clock) {
		this(directory, zone, maxUsers, maxSessions, SpendAggregator.DEFAULT_TOP_CALLS, clock);
	}

	LedgerReader(Path directory, ZoneId zone, int maxUsers, int maxSessions, int topCalls, Clock clock) {
		this.clock = clock;
		this.directory = directory;
		this.zone = zone;
		this.maxUsers = maxUsers;
		this.maxSessions = maxSessions;
		this.topCalls = topCalls;
	}

	/**
	 * Adds up the calls that started in {@code [from, to)}.
	 * @param from inclusive start, or null for the oldest file
	 * @param to exclusive end, or null for no end
	 * @throws UncheckedIOException when the directory or a file cannot be read
	 */
	public Result read(Instant from, Instant to) {
		Window window = new Window(from, to);
		CompletableFuture<Result> result;
		boolean reader;
		synchronized (this.next) {
			result = this.next.get(window);
			reader = result == null;
			if (reader) {
				result = new CompletableFuture<>();
				this.next.put(window, result);
			}
		}
		if (reader) {
			this.reading.lock();
			try {
				synchronized (this.next) {
					this.next.remove(window); // callers from now on wait for a read that starts after they asked
				}
				result.complete(readNow(from, to));
			}
			catch (RuntimeException | Error ex) {
				result.completeExceptionally(ex);
			}
			finally {
				this.reading.unlock();
			}
		}
		try {
			return result.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			if (ex.getCause() instanceof Error cause) {
				throw cause;
			}
			throw ex;
		}
	}

	private Result readNow(Instant from, Instant to) {
		SpendAggregator fresh = new SpendAggregator(from, this.maxUsers, this.maxSessions, this.topCalls);
		List<SpendSummary> parts = new ArrayList<>();
		// A record is filed under its start day in the writer's zone; one day of slack on each side covers a
		// writer that ran with another zone.
		LocalDate firstDay = from == null ? null : LocalDate.ofInstant(from, this.zone).minusDays(1);
		LocalDate lastDay = to == null ? null : LocalDate.ofInstant(to, this.zone).plusDays(1);
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), this.zone);
		List<Path> read = new ArrayList<>();
		long records = 0;
		long skipped = 0;
		try {
			List<Path> files = LedgerFiles.list(this.directory);
			this.closedDays.keySet().retainAll(new HashSet<>(files));
			for (Path file : files) {
				LocalDate day = LedgerFiles.dayOf(file);
				if ((firstDay != null && day.isBefore(firstDay)) || (lastDay != null && day.isAfter(lastDay))) {
					continue;
				}
				read.add(file);
				if (day.isBefore(today)) {
					ClosedDay closed = closedDay(file);
					if (closed.outside(from, to)) {
						skipped += closed.skippedLines;
						continue;
					}
					if (closed.inside(from, to)) {
						parts.add(closed.summary);
						records += closed.records;
						skipped += closed.skippedLines;
						continue;
					}
				}
				Counts counts = readFile(file, fresh, from, to);
				records += counts.records;
				skipped += counts.skippedLines;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the ledger in " + this.directory, ex);
		}
		parts.add(fresh.summary());
		return new Result(merge(parts), records, skipped, List.copyOf(read));
	}

	/** A closed day's summary: from the cache while the file is unchanged, else read (and cached, room allowing). */
	private ClosedDay closedDay(Path file) throws IOException {
		BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
		ClosedDay cached = this.closedDays.get(file);
		if (cached != null && cached.matches(attributes)) {
			return cached;
		}
		this.closedDays.remove(file);
		SpendAggregator whole = new SpendAggregator(null, this.maxUsers, this.maxSessions, this.topCalls);
		Counts counts = readFile(file, whole, null, null);
		SpendSummary summary = whole.summary();
		ClosedDay closed = new ClosedDay(attributes.size(), attributes.lastModifiedTime(), attributes.fileKey(),
				counts.first, counts.last, summary, counts.records, counts.skippedLines, weight(summary));
		long cachedValues = 0;
		for (ClosedDay day : this.closedDays.values()) {
			cachedValues += day.weight;
		}
		if (cachedValues + closed.weight <= MAX_CACHED_VALUES) {
			this.closedDays.put(file, closed);
		}
		return closed;
	}

	/** Adds the file's records that started in {@code [from, to)} to the aggregator. */
	private Counts readFile(Path file, SpendAggregator aggregator, Instant from, Instant to) throws IOException {
		Counts counts = new Counts();
		counts.skippedLines = LedgerFiles.forEachRecord(file, this.codec, record -> {
			Instant at = record.timestamp();
			if ((from == null || !at.isBefore(from)) && (to == null || at.isBefore(to))) {
				aggregator.add(record);
				counts.add(at);
			}
		});
		return counts;
	}

	/** The summaries added up, as one read over all their calls would have (breakdowns cut to their caps). */
	private SpendSummary merge(List<SpendSummary> parts) {
		if (parts.size() == 1) {
			return parts.get(0);
		}
		Spend totals = Spend.NONE;
		Map<String, Long> outcomes = new LinkedHashMap<>();
		Map<Dimension, Map<String, Spend>> breakdowns = new EnumMap<>(Dimension.class);
		Map<Dimension, Long> evicted = new EnumMap<>(Dimension.class);
		List<List<ExpensiveCall>> topCalls = new ArrayList<>();
		for (Dimension dimension : Dimension.values()) {
			breakdowns.put(dimension, new HashMap<>());
			evicted.put(dimension, 0L);
		}
		for (SpendSummary part : parts) {
			totals = add(totals, part.totals());
			topCalls.add(part.topCalls());
			part.outcomes().forEach((outcome, count) -> outcomes.merge(outcome, count, Long::sum));
			for (Dimension dimension : Dimension.values()) {
				Map<String, Spend> merged = breakdowns.get(dimension);
				part.breakdown(dimension).forEach((value, spend) -> merged.merge(value, spend, LedgerReader::add));
				evicted.merge(dimension, part.evicted().getOrDefault(dimension, 0L), Long::sum);
			}
		}
		for (Dimension dimension : Dimension.values()) {
			List<Map.Entry<String, Spend>> entries = new ArrayList<>(breakdowns.get(dimension).entrySet());
			entries.sort(BY_COST_DESCENDING);
			int cap = cap(dimension);
			Map<String, Spend> ordered = new LinkedHashMap<>();
			for (Map.Entry<String, Spend> entry : entries) {
				if (ordered.size() == cap) {
					evicted.merge(dimension, (long) (entries.size() - cap), Long::sum);
					break;
				}
				ordered.put(entry.getKey(), entry.getValue());
			}
			breakdowns.put(dimension, Collections.unmodifiableMap(ordered));
		}
		return new SpendSummary(totals, Collections.unmodifiableMap(outcomes), Collections.unmodifiableMap(breakdowns),
				Collections.unmodifiableMap(evicted), TopCalls.merge(topCalls, this.topCalls));
	}

	private int cap(Dimension dimension) {
		return switch (dimension) {
			case USER -> this.maxUsers;
			case SESSION -> this.maxSessions;
			case MODEL, AGENT -> SpendAggregator.MAX_MODELS_AND_AGENTS;
			default -> Integer.MAX_VALUE;
		};
	}

	private static Spend add(Spend a, Spend b) {
		TokenCounts x = a.tokens();
		TokenCounts y = b.tokens();
		return new Spend(a.calls() + b.calls(), a.cost().add(b.cost()), a.unpricedCalls() + b.unpricedCalls(),
				new TokenCounts(x.input() + y.input(), x.cacheRead() + y.cacheRead(), x.cacheWrite() + y.cacheWrite(),
						x.output() + y.output(), x.reasoning() + y.reasoning()));
	}

	private static long weight(SpendSummary summary) {
		long values = 0;
		for (Map<String, Spend> breakdown : summary.breakdowns().values()) {
			values += breakdown.size();
		}
		return values;
	}

	public Path directory() {
		return this.directory;
	}

	/**
	 * @param summary the calls in the window, added up
	 * @param records how many records were in the window
	 * @param skippedLines lines that were not complete records (e.g. torn by a crash)
	 * @param files the files read
	 */
	public record Result(SpendSummary summary, long records, long skippedLines, List<Path> files) {
	}

	private record Window(Instant from, Instant to) {
	}

	private static final class Counts {

		long records;

		long skippedLines;

		Instant first;

		Instant last;

		void add(Instant at) {
			this.records++;
			if (this.first == null || at.isBefore(this.first)) {
				this.first = at;
			}
			if (this.last == null || at.isAfter(this.last)) {
				this.last = at;
			}
		}

	}

	/** A past day's file, added up whole, with the span of its calls and what identifies the file's version. */
	private record ClosedDay(long size, FileTime modified, Object fileKey, Instant first, Instant last,
			SpendSummary summary, long records, long skippedLines, long weight) {

		boolean matches(BasicFileAttributes attributes) {
			return this.size == attributes.size() && this.modified.equals(attributes.lastModifiedTime())
					&& Objects.equals(this.fileKey, attributes.fileKey());
		}

		/** Whether none of the day's calls started in {@code [from, to)}. */
		boolean outside(Instant from, Instant to) {
			return this.records == 0 || (to != null && !this.first.isBefore(to))
					|| (from != null && this.last.isBefore(from));
		}

		/** Whether all of the day's calls started in {@code [from, to)}. */
		boolean inside(Instant from, Instant to) {
			return (from == null || !this.first.isBefore(from)) && (to == null || this.last.isBefore(to));
		}

	}

}
