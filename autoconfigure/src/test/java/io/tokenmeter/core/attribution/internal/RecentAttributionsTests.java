package io.tokenmeter.core.attribution.internal;

import io.tokenmeter.core.attribution.CallAttribution;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecentAttributionsTests {

	private final RecentAttributions recent = new RecentAttributions();

	@Test
	void theCallsOfOneAgentAndUserShareOneAttribution() {
		CallAttribution first = this.recent.of("support-bot", "alice", null);

		assertThat(this.recent.of("support-bot", new String("alice"), null)).isSameAs(first);
	}

	@Test
	void anyOtherNameGetsItsOwnAttribution() {
		CallAttribution alice = this.recent.of("support-bot", "alice", "s-1");

		assertThat(this.recent.of("support-bot", "bob", "s-1")).isEqualTo(new CallAttribution("support-bot", "bob", "s-1"));
		assertThat(this.recent.of("support-bot", "alice", "s-2")).isEqualTo(new CallAttribution("support-bot", "alice", "s-2"));
		assertThat(this.recent.of("billing", "alice", "s-1")).isEqualTo(new CallAttribution("billing", "alice", "s-1"));
		assertThat(this.recent.of("support-bot", "alice", null)).isEqualTo(new CallAttribution("support-bot", "alice", null));
		assertThat(alice).isEqualTo(new CallAttribution("support-bot", "alice", "s-1"));
	}

	@Test
	void namesThatShareASlotEachGetTheirOwnNames() {
		// More names than slots: every slot is overwritten many times, and every answer still holds what was asked.
		for (int i = 0; i < 10_000; i++) {
			assertThat(this.recent.of("agent-" + (i % 7), "user-" + i, null))
				.isEqualTo(new CallAttribution("agent-" + (i % 7), "user-" + i, null));
		}
	}

	@Test
	void absentNamesAreHeldAsAbsent() {
		assertThat(this.recent.of(null, null, null)).isEqualTo(CallAttribution.NONE);
	}

}
