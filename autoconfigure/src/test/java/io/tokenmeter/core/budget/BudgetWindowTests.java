package io.tokenmeter.core.budget;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetWindowTests {

	private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	@Test
	void dayWindowStartsAtLocalMidnightOfItsZone() {
		BudgetWindow day = BudgetWindow.calendar(BudgetWindow.Kind.DAY, BERLIN);
		// 22:30 UTC on 2026-11-23 is 23:30 in Berlin (UTC+1): still the 23rd there.
		BudgetWindow.Span span = day.spanAt(Instant.parse("2026-11-23T22:30:00Z"));
		assertThat(span.start()).isEqualTo(Instant.parse("2026-11-22T23:00:00Z"));
		assertThat(span.end()).isEqualTo(Instant.parse("2026-11-23T23:00:00Z"));
		// 23:00 UTC is midnight in Berlin: a new window.
		assertThat(day.spanAt(Instant.parse("2026-11-23T23:00:00Z")).start())
			.isEqualTo(Instant.parse("2026-11-23T23:00:00Z"));
	}

	@Test
	void monthWindowFollowsTheCalendarLengthOfEachMonth() {
		BudgetWindow month = BudgetWindow.calendar(BudgetWindow.Kind.MONTH, ZoneId.of("UTC"));
		BudgetWindow.Span february = month.spanAt(Instant.parse("2027-02-14T12:00:00Z"));
		assertThat(Duration.between(february.start(), february.end())).isEqualTo(Duration.ofDays(28));
		BudgetWindow.Span january = month.spanAt(Instant.parse("2027-01-31T23:59:59Z"));
		assertThat(Duration.between(january.start(), january.end())).isEqualTo(Duration.ofDays(31));
		assertThat(january.end()).isEqualTo(february.start());
	}

	@Test
	void weekWindowStartsOnMonday() {
		BudgetWindow week = BudgetWindow.calendar(BudgetWindow.Kind.WEEK, ZoneId.of("UTC"));
		// 2026-11-26 is a Thursday.
		assertThat(week.spanAt(Instant.parse("2026-11-26T10:00:00Z")).start())
			.isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
	}

	@Test
	void aWeekKeepsItsStartOnTheDayWhoseMidnightDaylightSavingSkips() {
		// Santiago skips 2026-09-06 00:00 (-04) to 01:00 (-03), the Sunday that ends the week of Monday 08-31.
		BudgetWindow week = BudgetWindow.calendar(BudgetWindow.Kind.WEEK, ZoneId.of("America/Santiago"));
		BudgetWindow.Span monday = week.spanAt(Instant.parse("2026-08-31T12:00:00Z"));
		BudgetWindow.Span sunday = BudgetWindow.calendar(BudgetWindow.Kind.WEEK, ZoneId.of("America/Santiago"))
			.spanAt(Instant.parse("2026-09-06T12:00:00Z"));
		assertThat(sunday).isEqualTo(monday);
		assertThat(monday.start()).isEqualTo(Instant.parse("2026-08-31T04:00:00Z"));
		assertThat(monday.end()).isEqualTo(Instant.parse("2026-09-07T03:00:00Z"));
	}

	@Test
	void fixedWindowsAreAlignedToTheEpoch() {
		BudgetWindow sixHours = BudgetWindow.fixed(Duration.ofHours(6));
		BudgetWindow.Span span = sixHours.spanAt(Instant.parse("2026-11-24T13:45:00Z"));
		assertThat(span.start()).isEqualTo(Instant.parse("2026-11-24T12:00:00Z"));
		assertThat(span.end()).isEqualTo(Instant.parse("2026-11-24T18:00:00Z"));
	}

	@Test
	void remembersTheCurrentWindowButNeverAnswersDifferentlyThanComputingIt() {
		// Half-hourly instants over a year, forwards then backwards (late calls), in zones with DST shifts at
		// 02:00 (Berlin) and at midnight (Santiago, Havana), where computed day windows can overlap.
		for (String zone : new String[] { "Europe/Berlin", "America/Santiago", "America/Havana" }) {
			for (BudgetWindow.Kind kind : new BudgetWindow.Kind[] { BudgetWindow.Kind.HOUR, BudgetWindow.Kind.DAY,
					BudgetWindow.Kind.WEEK, BudgetWindow.Kind.MONTH }) {
				BudgetWindow remembering = BudgetWindow.calendar(kind, ZoneId.of(zone));
				Instant start = Instant.parse("2026-01-01T00:15:00Z");
				for (int step = 0; step < 2 * 365 * 48; step++) {
					int half = step < 365 * 48 ? step : 2 * 365 * 48 - 1 - step;
					Instant now = start.plus(Duration.ofMinutes(30L * half));
					assertThat(remembering.spanAt(now)).as("%s %s at %s", kind, zone, now)
						.isEqualTo(BudgetWindow.calendar(kind, ZoneId.of(zone)).spanAt(now));
				}
			}
		}
	}

	@Test
	void rememberedFixedWindowIsLeftAtItsEnd() {
		BudgetWindow sixHours = BudgetWindow.fixed(Duration.ofHours(6));
		BudgetWindow.Span first = sixHours.spanAt(Instant.parse("2026-11-24T13:45:00Z"));
		assertThat(sixHours.spanAt(Instant.parse("2026-11-24T17:59:59.999Z"))).isSameAs(first);
		assertThat(sixHours.spanAt(Instant.parse("2026-11-24T18:00:00Z")).start())
			.isEqualTo(Instant.parse("2026-11-24T18:00:00Z"));
		assertThat(sixHours.spanAt(Instant.parse("2026-11-24T13:45:00Z"))).isEqualTo(first);
	}

	@Test
	void totalWindowNeverEnds() {
		BudgetWindow total = BudgetWindow.calendar(BudgetWindow.Kind.TOTAL, ZoneId.of("UTC"));
		assertThat(total.spanAt(Instant.now())).isEqualTo(BudgetWindow.Span.TOTAL);
		assertThat(BudgetWindow.Span.TOTAL.id()).isEqualTo("total");
	}

}
