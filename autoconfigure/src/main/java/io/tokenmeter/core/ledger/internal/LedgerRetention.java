package io.tokenmeter.core.ledger.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.call.internal.MeteringStage;

/** Deletes the JSONL day files older than the retention, at most once per day. */
final class LedgerRetention {

	private final Path directory;

	private final ZoneId zone;

	private final int retentionDays;

	private final Clock clock;

	private final MeteringFailures failures;

	private LocalDate checkedFor;

	LedgerRetention(Path directory, ZoneId zone, int retentionDays, Clock clock, MeteringFailures failures) {
		this.directory = directory;
		this.zone = zone;
		this.retentionDays = retentionDays;
		this.clock = clock;
		this.failures = failures;
	}

	/**
	 * Deletes files of days more than {@code retentionDays} before today, unless already done today.
	 * @param openDay the day of the file being written, never deleted; may be null
	 */
	void apply(LocalDate openDay) {
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), this.zone);
		if (today.equals(this.checkedFor)) {
			return;
		}
		this.checkedFor = today;
		LocalDate oldestKept = today.minusDays(this.retentionDays);
		try {
			for (Path file : LedgerFiles.list(this.directory)) {
				LocalDate day = LedgerFiles.dayOf(file);
				if (day.isBefore(oldestKept) && !day.equals(openDay)) {
					Files.deleteIfExists(file);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			this.failures.failed(MeteringStage.LEDGER, ex);
		}
	}

}
