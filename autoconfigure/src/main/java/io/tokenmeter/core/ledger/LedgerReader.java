package io.tokenmeter.core.ledger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

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
 */
public final class LedgerReader {

	private final Path directory;

	private final ZoneId zone;

	private final int maxUsers;

	private final int maxSessions;

	private final LedgerLineCodec codec = new LedgerLineCodec();

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
		this.directory = directory;
		this.zone = zone;
		this.maxUsers = maxUsers;
		this.maxSessions = maxSessions;
	}

	/**
	 * Adds up the calls that started in {@code [from, to)}.
	 * @param from inclusive start, or null for the oldest file
	 * @param to exclusive end, or null for no end
	 * @throws UncheckedIOException when the directory or a file cannot be read
	 */
	public Result read(Instant from, Instant to) {
		SpendAggregator aggregator = new SpendAggregator(from, this.maxUsers, this.maxSessions);
		// A record is filed under its start day in the writer's zone; one day of slack on each side covers a
		// writer that ran with another zone.
		LocalDate firstDay = from == null ? null : LocalDate.ofInstant(from, this.zone).minusDays(1);
		LocalDate lastDay = to == null ? null : LocalDate.ofInstant(to, this.zone).plusDays(1);
		List<Path> read = new ArrayList<>();
		long records = 0;
		long skipped = 0;
		try {
			for (Path file : LedgerFiles.list(this.directory)) {
				LocalDate day = LedgerFiles.dayOf(file);
				if ((firstDay != null && day.isBefore(firstDay)) || (lastDay != null && day.isAfter(lastDay))) {
					continue;
				}
				read.add(file);
				try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
					String line;
					while ((line = lines.readLine()) != null) {
						if (line.isBlank()) {
							continue;
						}
						LlmCallRecord record;
						try {
							record = this.codec.decode(line);
						}
						catch (RuntimeException ex) {
							skipped++;
							continue;
						}
						Instant at = record.timestamp();
						if ((from == null || !at.isBefore(from)) && (to == null || at.isBefore(to))) {
							aggregator.add(record);
							records++;
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the ledger in " + this.directory, ex);
		}
		return new Result(aggregator.summary(), records, skipped, List.copyOf(read));
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

}
