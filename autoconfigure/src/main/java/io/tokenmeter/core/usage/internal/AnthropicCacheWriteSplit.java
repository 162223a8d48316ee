package io.tokenmeter.core.usage.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;

/**
 * The 5-minute / 1-hour split of an Anthropic stream's cache writes, taken from the request because the stream
 * cannot tell it.
 *
 * <p>Anthropic sends the split ({@code usage.cache_creation.ephemeral_5m_input_tokens} /
 * {@code ephemeral_1h_input_tokens}) only in a stream's {@code message_start} event. Spring AI 2.0's
 * {@code AnthropicChatModel} emits no chunk for that event (it keeps only its input count) and puts the
 * {@code message_delta} event's {@code MessageDeltaUsage} on the final chunk as the native usage: cumulative
 * counts with the total written and no split. Read as it comes, a stream's 1-hour writes are priced at the
 * 5-minute rate.
 *
 * <p>Spring AI places every {@code cache_control} breakpoint of a request from the request's
 * {@code AnthropicCacheOptions} (a strategy and a TTL per message type; tool definitions take the system TTL).
 * When every breakpoint those options can place in this prompt has one TTL, every write of the call has that TTL,
 * and {@link #withRequestedTtl} says so on the usage for {@link AnthropicUsageNormalizer}. When they do not (a
 * 1-hour system prompt before a 5-minute conversation), or the request asked for no caching and writes were
 * reported anyway, the split stays unknown: the normalizer counts and warns about it.
 *
 * <p>The options are read through their public getters by name, because tokenmeter does not depend on Spring AI's
 * Anthropic module; the getters are looked up once per options class, and only for a stream that reported cache
 * writes.
 */
public final class AnthropicCacheWriteSplit {

	private static final ClassValue<Method> CACHE_OPTIONS = getter("getCacheOptions");

	private static final ClassValue<Method> STRATEGY = getter("getStrategy");

	private static final ClassValue<Method> MESSAGE_TYPE_TTL = getter("getMessageTypeTtl");

	private static final ClassValue<Method> CACHE_TOOL_RESULTS = getter("isCacheToolResults");

	/** Named, not imported: the Anthropic SDK is optional, and this runs on every stream's last report. */
	private static final String STREAM_USAGE = "com.anthropic.models.messages.MessageDeltaUsage";

	private static final String ONE_HOUR = "ONE_HOUR";

	private static final String FIVE_MINUTES = "FIVE_MINUTES";

	private AnthropicCacheWriteSplit() {
	}

	/**
	 * @param usage the usage of an Anthropic stream's last usage chunk (or any usage: others are returned as they
	 * are)
	 * @param prompt the prompt the stream was requested with, or null
	 * @return the usage with the TTL of its cache writes when the request fixes one, else {@code usage} itself
	 */
	public static Usage withRequestedTtl(Usage usage, Prompt prompt) {
		if (usage == null || prompt == null || usage instanceof Known) {
			return usage;
		}
		Long writes = usage.getCacheWriteInputTokens();
		Object nativeUsage = usage.getNativeUsage();
		if (writes == null || writes <= 0 || nativeUsage == null
				|| !STREAM_USAGE.equals(nativeUsage.getClass().getName())) {
			return usage;
		}
		String ttl;
		try {
			ttl = requestedTtl(prompt);
		}
		catch (RuntimeException | LinkageError ex) {
			// Options of another shape: the split stays unknown, which the normalizer counts and warns about.
			return usage;
		}
		if (ONE_HOUR.equals(ttl)) {
			return new Known(usage, writes);
		}
		if (FIVE_MINUTES.equals(ttl)) {
			return new Known(usage, 0);
		}
		return usage;
	}

	/**
	 * The one TTL ({@code FIVE_MINUTES} or {@code ONE_HOUR}) of every cache breakpoint the prompt's Anthropic cache
	 * options can place, or null when there is none or more than one, or the options are not Anthropic's.
	 */
	static String requestedTtl(Prompt prompt) {
		ChatOptions options = prompt.getOptions();
		Object cacheOptions = options == null ? null : call(CACHE_OPTIONS, options);
		if (cacheOptions == null) {
			return null;
		}
		Object strategy = call(STRATEGY, cacheOptions);
		if (!(call(MESSAGE_TYPE_TTL, cacheOptions) instanceof Map<?, ?> ttls) || !(strategy instanceof Enum<?> named)) {
			return null;
		}
		boolean system = has(prompt.getInstructions(), MessageType.SYSTEM);
		boolean tools = options instanceof ToolCallingChatOptions toolOptions
				&& toolOptions.getToolCallbacks() != null && !toolOptions.getToolCallbacks().isEmpty();
		Set<String> placed = new HashSet<>();
		switch (named.name()) {
			case "SYSTEM_ONLY" -> addIf(system, ttls.get(MessageType.SYSTEM), placed);
			case "TOOLS_ONLY" -> addIf(tools, ttls.get(MessageType.SYSTEM), placed);
			case "SYSTEM_AND_TOOLS" -> addIf(system || tools, ttls.get(MessageType.SYSTEM), placed);
			case "CONVERSATION_HISTORY" -> {
				addIf(system || tools, ttls.get(MessageType.SYSTEM), placed);
				addIf(has(prompt.getInstructions(), MessageType.USER), ttls.get(MessageType.USER), placed);
				addIf(Boolean.TRUE.equals(call(CACHE_TOOL_RESULTS, cacheOptions))
						&& has(prompt.getInstructions(), MessageType.TOOL), ttls.get(MessageType.TOOL), placed);
			}
			default -> {
				// NONE, or a strategy this version does not know: no breakpoint it can vouch for
			}
		}
		return placed.size() == 1 ? placed.iterator().next() : null;
	}

	private static void addIf(boolean placed, Object ttl, Set<String> ttls) {
		if (placed) {
			ttls.add(ttl instanceof Enum<?> named ? named.name() : String.valueOf(ttl));
		}
	}

	private static boolean has(List<Message> messages, MessageType type) {
		for (Message message : messages) {
			if (message.getMessageType() == type) {
				return true;
			}
		}
		return false;
	}

	private static Object call(ClassValue<Method> getter, Object target) {
		Method method = getter.get(target.getClass());
		if (method == null) {
			return null;
		}
		try {
			return method.invoke(target);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			return null;
		}
	}

	private static ClassValue<Method> getter(String name) {
		return new ClassValue<>() {
			@Override
			protected Method computeValue(Class<?> type) {
				try {
					return type.getMethod(name);
				}
				catch (NoSuchMethodException | RuntimeException ex) {
					return null;
				}
			}
		};
	}

	/**
	 * A stream's usage whose cache writes' TTL the request fixed: the counts and native usage of the stream's
	 * last report, and how many of its writes were 1-hour writes (all or none).
	 */
	static final class Known implements Usage {

		private final Usage usage;

		private final long oneHourWrites;

		Known(Usage usage, long oneHourWrites) {
			this.usage = usage;
			this.oneHourWrites = oneHourWrites;
		}

		long oneHourWrites() {
			return this.oneHourWrites;
		}

		@Override
		public Integer getPromptTokens() {
			return this.usage.getPromptTokens();
		}

		@Override
		public Integer getCompletionTokens() {
			return this.usage.getCompletionTokens();
		}

		@Override
		public Integer getTotalTokens() {
			return this.usage.getTotalTokens();
		}

		@Override
		public Object getNativeUsage() {
			return this.usage.getNativeUsage();
		}

		@Override
		public Long getCacheReadInputTokens() {
			return this.usage.getCacheReadInputTokens();
		}

		@Override
		public Long getCacheWriteInputTokens() {
			return this.usage.getCacheWriteInputTokens();
		}

		@Override
		public String toString() {
			return this.usage + " (1-hour cache writes from the request: " + this.oneHourWrites + ")";
		}

	}

}
