package io.tokenmeter.core.usage.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.anthropic.models.messages.CacheCreation;
import com.anthropic.models.messages.MessageDeltaUsage;
import io.tokenmeter.core.usage.TokenUsage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.ai.chat.metadata.Usage;

/**
 * Anthropic: {@code input_tokens} <em>excludes</em> {@code cache_read_input_tokens} and
 * {@code cache_creation_input_tokens}, so the three are disjoint already and are not subtracted.
 * {@code cache_creation} splits writes into 5-minute and 1-hour TTLs, billed at different rates; a stream's last
 * report ({@code message_delta}) has no split, so a stream's split comes from the request
 * ({@link AnthropicCacheWriteSplit}). Writes whose split is known from neither are priced at the 5-minute rate
 * (Anthropic's default TTL), counted in {@link #unknownCacheWriteSplits()} and warned about (at most once per
 * interval), never silently. {@code output_tokens} includes extended-thinking tokens.
 */
public final class AnthropicUsageNormalizer extends ReportedUsageNormalizer {

	private static final Log logger = LogFactory.getLog(AnthropicUsageNormalizer.class);

	private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(10);

	private final LongAdder unknownSplits = new LongAdder();

	private final AtomicLong lastWarned = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

	@Override
	TokenUsage normalize(Usage usage, long input, long cacheRead, long cacheWrite, long output) {
		long write1h = cacheWrite > 0 ? Math.min(oneHourWrites(usage), cacheWrite) : 0;
		long thinking = Math.min(thinkingTokens(usage.getNativeUsage()), output);
		return TokenUsage.of(input, cacheRead, cacheWrite - write1h, write1h, output, thinking);
	}

	/**
	 * How many responses reported cache writes without their 5-minute / 1-hour split (priced at the 5-minute
	 * rate): streams whose request gave its breakpoints more than one TTL (or none), and responses without
	 * {@code cache_creation}.
	 */
	public long unknownCacheWriteSplits() {
		return this.unknownSplits.sum();
	}

	private long oneHourWrites(Usage usage) {
		if (usage instanceof AnthropicCacheWriteSplit.Known known) {
			return known.oneHourWrites();
		}
		if (usage.getNativeUsage() instanceof com.anthropic.models.messages.Usage messageUsage) {
			var split = messageUsage.cacheCreation();
			if (split.isPresent()) {
				return split.map(CacheCreation::ephemeral1hInputTokens).orElse(0L);
			}
		}
		splitUnknown(usage);
		return 0;
	}

	private void splitUnknown(Usage usage) {
		this.unknownSplits.increment();
		long now = System.nanoTime();
		long last = this.lastWarned.get();
		if (now - last < WARN_INTERVAL_NANOS || !this.lastWarned.compareAndSet(last, now)) {
			return;
		}
		boolean stream = usage.getNativeUsage() instanceof MessageDeltaUsage;
		logger.warn("tokenmeter: an Anthropic " + (stream ? "stream" : "response") + " reported "
				+ usage.getCacheWriteInputTokens() + " cache-write tokens without their 5-minute / 1-hour split"
				+ (stream ? " (Anthropic sends it only in message_start, which Spring AI does not pass on), and the "
						+ "request's cache options do not give all its breakpoints one TTL" : "")
				+ ": they are priced at the 5-minute rate, under the bill if some were 1-hour writes. Give every "
				+ "cache breakpoint of such requests one TTL (AnthropicCacheOptions.messageTypeTtl) to have them "
				+ "priced exactly. " + unknownCacheWriteSplits() + " such responses so far; logged at most once "
				+ "every 10 minutes.");
	}

	private static long thinkingTokens(Object nativeUsage) {
		if (nativeUsage instanceof com.anthropic.models.messages.Usage messageUsage) {
			return messageUsage.outputTokensDetails().map(details -> details.thinkingTokens()).orElse(0L);
		}
		if (nativeUsage instanceof MessageDeltaUsage deltaUsage) {
			return deltaUsage.outputTokensDetails().map(details -> details.thinkingTokens()).orElse(0L);
		}
		return 0;
	}

}
