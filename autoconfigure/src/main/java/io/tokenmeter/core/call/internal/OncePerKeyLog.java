package io.tokenmeter.core.call.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.tokenmeter.core.internal.ControlCharacters;
import org.apache.commons.logging.Log;

/**
 * Logs a warning once per key (e.g. per unpriced model id). Bounded: after {@code maxKeys} distinct keys it
 * stops remembering and stops logging, so hostile ids cannot grow memory or the log. Messages name ids callers
 * chose, so their control characters are escaped: a model id holding a line feed cannot forge a log line.
 */
public final class OncePerKeyLog {

	private final Log log;

	private final int maxKeys;

	private final Set<String> seen = ConcurrentHashMap.newKeySet();

	public OncePerKeyLog(Log log, int maxKeys) {
		this.log = log;
		this.maxKeys = maxKeys;
	}

	public void warn(String key, Supplier<String> message) {
		if (this.seen.contains(key) || this.seen.size() >= this.maxKeys) {
			return;
		}
		if (this.seen.add(key)) {
			this.log.warn(ControlCharacters.escape(message.get()));
		}
	}

}
