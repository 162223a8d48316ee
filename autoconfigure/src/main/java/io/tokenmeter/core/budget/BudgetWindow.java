package io.tokenmeter.core.budget;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * How a budget's spend resets: never ({@code total}), at calendar boundaries in a zone (hour, day, week starting
 * Monday, month), or every fixed {@link Duration} counted from the epoch. The current window is computed from the
 * clock on each call, so roll-over needs no background thread.
 *
 * @since 0.1.0
 */
public final class BudgetWindow {

	/** The kinds of window. */
	public enum Kind {

		TOTAL, HOUR, DAY, WEEK, MONTH, FIXED

	}

	private final Kind kind;

	private final Duration length;

	private final ZoneId zone;

	/**
	 * The window last computed. Nearly every call falls into the same window as the one before, so it is answered
	 * from here without date arithmetic or allocation; a racing thread at worst recomputes it.
	 */
	private volatile Span last;

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
		Span last = this.last;
		if (last != null && last.contains(now)) {
			return last;
		}
		Span span = compute(now);
		this.last = span;
		return span;
	}

	/** The window containing the instant {@code nowMillis} (epoch milliseconds): no Instant for the usual case. */
	public Span spanAt(long nowMillis) {
		if (this.kind == Kind.TOTAL) {
			return Span.TOTAL;
		}
		Span last = this.last;
		if (last != null && last.contains(nowMillis)) {
			return last;
		}
		Span span = compute(Instant.ofEpochMilli(nowMillis));
		this.last = span;
		return span;
	}

	private Span compute(Instant now) {
		if (this.kind == Kind.FIXED) {
			long lengthMillis = this.length.toMillis();
			long start = Math.floorDiv(now.toEpochMilli(), lengthMillis) * lengthMillis;
			return new Span(Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + lengthMillis));
		}
		if (this.kind == Kind.HOUR) {
			ZonedDateTime start = now.atZone(this.zone).truncatedTo(ChronoUnit.HOURS);
			return new Span(start.toInstant(), start.plusHours(1).toInstant());
		}
		// Days, weeks and months start at the first instant of their first day: atStartOfDay also finds it on a
		// day whose midnight a DST shift skips, so consecutive windows always meet.
		LocalDate today = LocalDate.ofInstant(now, this.zone);
		LocalDate first = switch (this.kind) {
			case DAY -> today;
			case WEEK -> today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
			case MONTH -> today.withDayOfMonth(1);
			default -> throw new IllegalStateException(this.kind.name());
		};
		LocalDate next = switch (this.kind) {
			case DAY -> first.plusDays(1);
			case WEEK -> first.plusWeeks(1);
			default -> first.plusMonths(1);
		};
		ZonedDateTime start = first.atStartOfDay(this.zone);
		ZonedDateTime end = next.atStartOfDay(this.zone);
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

		/** Whether {@code instant} falls into this window. */
		public boolean contains(Instant instant) {
			return this.start == null || (!instant.isBefore(this.start) && instant.isBefore(this.end));
		}

		/** Whether the instant {@code epochMillis} falls into this window. */
		public boolean contains(long epochMillis) {
			return this.start == null
					|| (epochMillis >= this.start.toEpochMilli() && epochMillis < this.end.toEpochMilli());
		}

		/** A stable id of the window for store keys: its start in epoch seconds, or "total". */
		public String id() {
			return this.start == null ? "total" : Long.toString(this.start.getEpochSecond());
		}

	}

}
