package io.tokenmeter.core.budget;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * How a budget's spend resets: never ({@code total}), at calendar boundaries in a zone (hour, day, week starting
 * Monday, month), or every fixed {@link Duration} counted from the epoch. The current window is computed from the
 * clock on each call, so roll-over needs no background thread.
 */
public final class BudgetWindow {

	/** The kinds of window. */
	public enum Kind {

		TOTAL, HOUR, DAY, WEEK, MONTH, FIXED

	}

	private final Kind kind;

	private final Duration length;

	private final ZoneId zone;

	private BudgetWindow(Kind kind, Duration length, ZoneId zone) {
		this.kind = kind;
		this.length = length;
		this.zone = Objects.requireNonNull(zone, "zone");
	}

	public static BudgetWindow calendar(Kind kind, ZoneId zone) {
		if (kind == Kind.FIXED) {
			throw new IllegalArgumentException("a fixed window needs a duration");
		}
		return new BudgetWindow(kind, null, zone);
	}

	public static BudgetWindow fixed(Duration length) {
		if (length.isZero() || length.isNegative()) {
			throw new IllegalArgumentException("a window must be longer than zero");
		}
		return new BudgetWindow(Kind.FIXED, length, ZoneId.of("UTC"));
	}

	public Kind kind() {
		return this.kind;
	}

	/** The window containing {@code now}. */
	public Span spanAt(Instant now) {
		if (this.kind == Kind.TOTAL) {
			return Span.TOTAL;
		}
		if (this.kind == Kind.FIXED) {
			long lengthMillis = this.length.toMillis();
			long start = Math.floorDiv(now.toEpochMilli(), lengthMillis) * lengthMillis;
			return new Span(Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + lengthMillis));
		}
		ZonedDateTime local = now.atZone(this.zone);
		ZonedDateTime start = switch (this.kind) {
			case HOUR -> local.truncatedTo(ChronoUnit.HOURS);
			case DAY -> local.truncatedTo(ChronoUnit.DAYS);
			case WEEK -> local.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
			case MONTH -> local.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
			default -> throw new IllegalStateException(this.kind.name());
		};
		ZonedDateTime end = switch (this.kind) {
			case HOUR -> start.plusHours(1);
			case DAY -> start.plusDays(1);
			case WEEK -> start.plusWeeks(1);
			default -> start.plusMonths(1);
		};
		return new Span(start.toInstant(), end.toInstant());
	}

	@Override
	public String toString() {
		return this.kind == Kind.FIXED ? this.length.toString() : this.kind.name().toLowerCase() + " (" + this.zone + ")";
	}

	/**
	 * One window: [start, end). The total window has neither.
	 *
	 * @param start inclusive start, or null for the total window
	 * @param end exclusive end, or null for the total window
	 */
	public record Span(Instant start, Instant end) {

		public static final Span TOTAL = new Span(null, null);

		/** A stable id of the window for store keys: its start in epoch seconds, or "total". */
		public String id() {
			return this.start == null ? "total" : Long.toString(this.start.getEpochSecond());
		}

	}

}
