package io.tokenmeter.core.attribution.internal;

import io.tokenmeter.core.attribution.CallAttribution;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The attributions of recent calls, so that the calls of one agent and user (a conversation, a tool loop, a batch)
 * share one {@link CallAttribution} instead of allocating one each. Direct-mapped by the names' hashes: a lookup is
 * one array read and up to three {@code equals}; a miss stores the new attribution in its slot. Slots are read and
 * written without locks: a record's final fields make a racy read see either the old attribution or a whole new one,
 * and an attribution found is only used when it holds exactly the names asked for.
 */
final class RecentAttributions {

	private static final int SLOTS = 256;

	private final @Nullable CallAttribution[] slots = new CallAttribution[SLOTS];

	/** The attribution of these resolved names: a recent one that holds them, else this new one. */
	CallAttribution of(String agent, String user, @Nullable String session) {
		int slot = slot(agent, user, session);
		CallAttribution recent = this.slots[slot];
		if (recent != null && Objects.equals(recent.agent(), agent) && Objects.equals(recent.user(), user)
				&& Objects.equals(recent.session(), session)) {
			return recent;
		}
		CallAttribution attribution = new CallAttribution(agent, user, session);
		this.slots[slot] = attribution;
		return attribution;
	}

	private static int slot(String agent, String user, @Nullable String session) {
		int hash = (Objects.hashCode(agent) * 31 + Objects.hashCode(user)) * 31 + Objects.hashCode(session);
		return (hash ^ (hash >>> 16)) & (SLOTS - 1);
	}

}
