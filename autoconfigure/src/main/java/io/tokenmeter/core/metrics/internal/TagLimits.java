package io.tokenmeter.core.metrics.internal;

/**
 * How many distinct values the {@code user}, {@code agent} and {@code model} tags keep before later values are
 * folded into {@code other}, and whether there is a {@code user} tag at all. Each limit bounds one tag; the number
 * of series is bounded by their product times the few providers, outcomes and error types.
 *
 * @param userTag whether meters carry a {@code user} tag
 * @param maxUsers distinct {@code user} values kept
 * @param maxAgents distinct {@code agent} values kept
 * @param maxModels distinct {@code model} values kept
 */
public record TagLimits(boolean userTag, int maxUsers, int maxAgents, int maxModels) {

	public static final int DEFAULT_MAX_USERS = 100;

	public static final int DEFAULT_MAX_AGENTS = 100;

	public static final int DEFAULT_MAX_MODELS = 100;

}
