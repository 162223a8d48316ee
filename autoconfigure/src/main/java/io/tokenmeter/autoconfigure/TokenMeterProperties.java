package io.tokenmeter.autoconfigure;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tokenmeter.advisor.TokenMeterAdvisor;
import io.tokenmeter.core.ledger.FullQueuePolicy;
import io.tokenmeter.core.pricing.UnknownModelPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.jspecify.annotations.Nullable;

/**
 * Configuration of tokenmeter, under the {@code tokenmeter} prefix.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("tokenmeter")
public class TokenMeterProperties {

	/** Whether tokenmeter meters ChatClient calls at all. False turns every tokenmeter bean off. */
	private boolean enabled = true;

	private final Advisor advisor = new Advisor();

	private final Streaming streaming = new Streaming();

	private final Attribution attribution = new Attribution();

	private final Metrics metrics = new Metrics();

	private final Pricing pricing = new Pricing();

	/** Spending limits in USD per window, each checked on every priced call. */
	private List<BudgetProperties> budgets = new ArrayList<>();

	private final BudgetStore budgetStore = new BudgetStore();

	private final BudgetAlerts budgetAlerts = new BudgetAlerts();

	private final BudgetEnforcement budgetEnforcement = new BudgetEnforcement();

	private final Alerts alerts = new Alerts();

	private final Ledger ledger = new Ledger();

	private final Tracing tracing = new Tracing();

	public Tracing getTracing() {
		return this.tracing;
	}

	public Alerts getAlerts() {
		return this.alerts;
	}

	public Ledger getLedger() {
		return this.ledger;
	}

	public List<BudgetProperties> getBudgets() {
		return this.budgets;
	}

	public void setBudgets(List<BudgetProperties> budgets) {
		this.budgets = budgets;
	}

	public BudgetStore getBudgetStore() {
		return this.budgetStore;
	}

	public BudgetAlerts getBudgetAlerts() {
		return this.budgetAlerts;
	}

	public BudgetEnforcement getBudgetEnforcement() {
		return this.budgetEnforcement;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Advisor getAdvisor() {
		return this.advisor;
	}

	public Streaming getStreaming() {
		return this.streaming;
	}

	public Attribution getAttribution() {
		return this.attribution;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Pricing getPricing() {
		return this.pricing;
	}

	public static class Advisor {

		/**
		 * Order of the metering advisor in each ChatClient's advisor chain. The default places it inside Spring
		 * AI's tool-calling and structured-output validation advisors, so every model round trip and every retry
		 * is metered once with its own usage. Ordering it outside them would meter their summed usage instead.
		 */
		private int order = TokenMeterAdvisor.DEFAULT_ORDER;

		/**
		 * Provider name for calls whose provider cannot be told from the request or response classes. Empty
		 * means: the provider of the application's single ChatModel bean, else "unknown".
		 */
		private String defaultProvider = "";

		/**
		 * Whether Spring AI observes tokenmeter's own advisor like any other (spring.ai.advisor timer and span). Off
		 * by default: that observation repeats the model call it wraps and costs more per call than the metering.
		 */
		private boolean observations = false;

		/**
		 * Whether each ChatClient call's summed usage and cost (every tool round and validation retry) is put on its
		 * response, under the TokenMeter.CALL_COST context key: on the ChatClient's own observation when an
		 * ObservationRegistry runs it, else by a second advisor outside those loops. The TokenMeter.CALL_COST_TRACKER
		 * advisor param works either way.
		 */
		private boolean callCost = true;

		public int getOrder() {
			return this.order;
		}

		public void setOrder(int order) {
			this.order = order;
		}

		public String getDefaultProvider() {
			return this.defaultProvider;
		}

		public void setDefaultProvider(String defaultProvider) {
			this.defaultProvider = defaultProvider;
		}

		public boolean isObservations() {
			return this.observations;
		}

		public void setObservations(boolean observations) {
			this.observations = observations;
		}

		public boolean isCallCost() {
			return this.callCost;
		}

		public void setCallCost(boolean callCost) {
			this.callCost = callCost;
		}

	}

	public static class Streaming {

		/**
		 * Whether to ask providers that report stream usage only on request (OpenAI's
		 * stream_options.include_usage) to report it, so streamed calls can be priced. A stream that still ends
		 * without usage is counted in llm.usage.missing, never priced as zero.
		 */
		private boolean requestUsage = true;

		public boolean isRequestUsage() {
			return this.requestUsage;
		}

		public void setRequestUsage(boolean requestUsage) {
			this.requestUsage = requestUsage;
		}

	}

	public static class Attribution {

		/** Agent recorded for calls that name none (advisor param tokenmeter.agent or an LlmCallAttributor). */
		private String defaultAgent = "unknown";

		/** User recorded for calls that name none (advisor param tokenmeter.user or an LlmCallAttributor). */
		private String defaultUser = "unknown";

		public String getDefaultAgent() {
			return this.defaultAgent;
		}

		public void setDefaultAgent(String defaultAgent) {
			this.defaultAgent = defaultAgent;
		}

		public String getDefaultUser() {
			return this.defaultUser;
		}

		public void setDefaultUser(String defaultUser) {
			this.defaultUser = defaultUser;
		}

	}

	public static class Metrics {

		/** Whether to publish llm.* meters to Micrometer (needs a MeterRegistry bean). */
		private boolean enabled = true;

		/** Whether meters carry a "user" tag. Per-user totals stay exact in the call records either way. */
		private boolean userTag = true;

		/**
		 * Distinct "user" tag values kept on meters; later users are folded into "other" so the number of time
		 * series stays bounded.
		 */
		private int maxUserTags = 100;

		/**
		 * Distinct "agent" tag values kept on meters; later agents are folded into "other" (counted in
		 * tokenmeter.metrics.folded) so the number of time series stays bounded.
		 */
		private int maxAgentTags = 100;

		/**
		 * Distinct "model" tag values kept on meters; later models are folded into "other" (counted in
		 * tokenmeter.metrics.folded) so the number of time series stays bounded.
		 */
		private int maxModelTags = 100;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isUserTag() {
			return this.userTag;
		}

		public void setUserTag(boolean userTag) {
			this.userTag = userTag;
		}

		public int getMaxUserTags() {
			return this.maxUserTags;
		}

		public void setMaxUserTags(int maxUserTags) {
			this.maxUserTags = maxUserTags;
		}

		public int getMaxAgentTags() {
			return this.maxAgentTags;
		}

		public void setMaxAgentTags(int maxAgentTags) {
			this.maxAgentTags = maxAgentTags;
		}

		public int getMaxModelTags() {
			return this.maxModelTags;
		}

		public void setMaxModelTags(int maxModelTags) {
			this.maxModelTags = maxModelTags;
		}

	}

	public static class Pricing {

		/**
		 * The price catalog to start from: "bundled" (tokenmeter's list prices), "none", or a resource location
		 * ("file:..." or "classpath:...") of a tokenmeter YAML catalog (.yml/.yaml, the bundled file's shape) or a
		 * LiteLLM model_prices_and_context_window.json (.json). Entries under models override it field by field.
		 */
		private String catalog = "bundled";

		/**
		 * Age of the catalog's prices beyond which startup logs a warning that they may be stale (list prices
		 * change every few months).
		 */
		private Duration catalogMaxAge = Duration.ofDays(180);

		/** What to do with calls of a model that has no price: warn, fail or ignore. Never priced as zero. */
		private UnknownModelPolicy unknownModel = UnknownModelPolicy.WARN;

		/**
		 * Model prices in USD per 1,000,000 tokens, keyed by model id, or by "provider:model" for a price that
		 * applies to one provider only. Write ids that contain dots in brackets, quoted in YAML:
		 * {@code "[gpt-4.1]":}, and {@code tokenmeter.pricing.models[gpt-4.1].input=2.00} on a command line.
		 */
		private Map<String, ModelPricing> models = new LinkedHashMap<>();

		/** Extra model ids priced like a configured model: alias id → configured model key. */
		private Map<String, String> aliases = new LinkedHashMap<>();

		/**
		 * Price multipliers of service tiers for every model that does not price the tier itself, e.g. batch:
		 * 0.5. A call names its tier with the advisor param tokenmeter.service-tier.
		 */
		private Map<String, BigDecimal> serviceTiers = new LinkedHashMap<>(
				Map.of("batch", new BigDecimal("0.5"), "flex", new BigDecimal("0.5")));

		public String getCatalog() {
			return this.catalog;
		}

		public void setCatalog(String catalog) {
			this.catalog = catalog;
		}

		public Duration getCatalogMaxAge() {
			return this.catalogMaxAge;
		}

		public void setCatalogMaxAge(Duration catalogMaxAge) {
			this.catalogMaxAge = catalogMaxAge;
		}

		public UnknownModelPolicy getUnknownModel() {
			return this.unknownModel;
		}

		public void setUnknownModel(UnknownModelPolicy unknownModel) {
			this.unknownModel = unknownModel;
		}

		public Map<String, ModelPricing> getModels() {
			return this.models;
		}

		public void setModels(Map<String, ModelPricing> models) {
			this.models = models;
		}

		public Map<String, String> getAliases() {
			return this.aliases;
		}

		public void setAliases(Map<String, String> aliases) {
			this.aliases = aliases;
		}

		public Map<String, BigDecimal> getServiceTiers() {
			return this.serviceTiers;
		}

		public void setServiceTiers(Map<String, BigDecimal> serviceTiers) {
			this.serviceTiers = serviceTiers;
		}

	}

	/** Rates of one token bucket set, USD per 1,000,000 tokens. Unset rates follow the documented fallbacks. */
	public static class Rates {

		/** Uncached input tokens, USD per 1M tokens. Required. */
		private @Nullable BigDecimal input;

		/** Output tokens (reasoning included), USD per 1M tokens. Required. */
		private @Nullable BigDecimal output;

		/** Input tokens read from the prompt cache, USD per 1M tokens. Defaults to the input rate. */
		private @Nullable BigDecimal cacheRead;

		/** Input tokens written to the cache (default 5-minute TTL), USD per 1M tokens. Defaults to the input rate. */
		private @Nullable BigDecimal cacheWrite;

		/** Input tokens written to a 1-hour cache, USD per 1M tokens. Defaults to the cache-write rate. */
		private BigDecimal cacheWrite1h;

		/** Reasoning/thinking output tokens, USD per 1M tokens. Defaults to the output rate. */
		private @Nullable BigDecimal reasoning;

		public @Nullable BigDecimal getInput() {
			return this.input;
		}

		public void setInput(@Nullable BigDecimal input) {
			this.input = input;
		}

		public @Nullable BigDecimal getOutput() {
			return this.output;
		}

		public void setOutput(@Nullable BigDecimal output) {
			this.output = output;
		}

		public @Nullable BigDecimal getCacheRead() {
			return this.cacheRead;
		}

		public void setCacheRead(@Nullable BigDecimal cacheRead) {
			this.cacheRead = cacheRead;
		}

		public @Nullable BigDecimal getCacheWrite() {
			return this.cacheWrite;
		}

		public void setCacheWrite(@Nullable BigDecimal cacheWrite) {
			this.cacheWrite = cacheWrite;
		}

		public BigDecimal getCacheWrite1h() {
			return this.cacheWrite1h;
		}

		public void setCacheWrite1h(BigDecimal cacheWrite1h) {
			this.cacheWrite1h = cacheWrite1h;
		}

		public @Nullable BigDecimal getReasoning() {
			return this.reasoning;
		}

		public void setReasoning(@Nullable BigDecimal reasoning) {
			this.reasoning = reasoning;
		}

	}

	/** The price of one model. */
	public static class ModelPricing extends Rates {

		/** Other exact model ids billed at this price. */
		private List<String> aliases = new ArrayList<>();

		/**
		 * Model-id globs billed at this price, '*' matching any characters (e.g. "gpt-4o-2*" for dated
		 * snapshots). The most specific (most literal characters) matching pattern wins.
		 */
		private List<String> patterns = new ArrayList<>();

		/** Higher rates for the whole request once its prompt exceeds a size (long-context pricing). */
		private List<Tier> tiers = new ArrayList<>();

		/** Per service tier (batch, flex, priority, ...): a multiplier or explicit rates for this model. */
		private Map<String, ServiceTier> serviceTiers = new LinkedHashMap<>();

		/** Service tier this model's calls are billed at when a call names none (e.g. "batch"). */
		private @Nullable String serviceTier;

		/** Where the price comes from (a URL or "contract 2026-03"); shown in reports, not used for pricing. */
		private @Nullable String source;

		/** The date the price was last checked against its source; shown in reports, not used for pricing. */
		private @Nullable LocalDate checked;

		/** The date the provider retires (or retired) the model, when announced; not used for pricing. */
		private @Nullable LocalDate deprecated;

		/** The most output tokens one call of this model can produce, when the provider documents it. */
		private @Nullable Integer maxOutputTokens;

		public List<String> getAliases() {
			return this.aliases;
		}

		public void setAliases(List<String> aliases) {
			this.aliases = aliases;
		}

		public List<String> getPatterns() {
			return this.patterns;
		}

		public void setPatterns(List<String> patterns) {
			this.patterns = patterns;
		}

		public List<Tier> getTiers() {
			return this.tiers;
		}

		public void setTiers(List<Tier> tiers) {
			this.tiers = tiers;
		}

		public Map<String, ServiceTier> getServiceTiers() {
			return this.serviceTiers;
		}

		public void setServiceTiers(Map<String, ServiceTier> serviceTiers) {
			this.serviceTiers = serviceTiers;
		}

		public @Nullable String getServiceTier() {
			return this.serviceTier;
		}

		public void setServiceTier(@Nullable String serviceTier) {
			this.serviceTier = serviceTier;
		}

		public @Nullable String getSource() {
			return this.source;
		}

		public void setSource(@Nullable String source) {
			this.source = source;
		}

		public @Nullable LocalDate getChecked() {
			return this.checked;
		}

		public void setChecked(@Nullable LocalDate checked) {
			this.checked = checked;
		}

		public @Nullable LocalDate getDeprecated() {
			return this.deprecated;
		}

		public void setDeprecated(@Nullable LocalDate deprecated) {
			this.deprecated = deprecated;
		}

		public @Nullable Integer getMaxOutputTokens() {
			return this.maxOutputTokens;
		}

		public void setMaxOutputTokens(@Nullable Integer maxOutputTokens) {
			this.maxOutputTokens = maxOutputTokens;
		}

	}

	/** Rates for requests whose prompt exceeds a number of input tokens. */
	public static class Tier extends Rates {

		/** The tier applies when the prompt (uncached + cached + cache-written input) has more tokens than this. */
		private long aboveInputTokens;

		public long getAboveInputTokens() {
			return this.aboveInputTokens;
		}

		public void setAboveInputTokens(long aboveInputTokens) {
			this.aboveInputTokens = aboveInputTokens;
		}

	}

	/** A service tier's price for one model: a multiplier on the standard rates, or explicit rates. */
	public static class ServiceTier extends Rates {

		/** Factor applied to the standard rates (e.g. 0.5 for batch). Ignored when input/output rates are set. */
		private @Nullable BigDecimal multiplier;

		public @Nullable BigDecimal getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(@Nullable BigDecimal multiplier) {
			this.multiplier = multiplier;
		}

	}

	/** One budget: a USD limit per window over a scope. */
	public static class BudgetProperties {

		/** Unique name of the budget, used in events, metrics and store keys. */
		private @Nullable String name;

		/** Limit in USD per window. */
		private @Nullable BigDecimal limit;

		/**
		 * When spend resets: "total" (never), "hour", "day", "week" (from Monday), "month" (calendar windows in
		 * the zone), or a duration such as "6h" or "PT30M" (fixed windows counted from the epoch).
		 */
		private String window = "day";

		/** Time zone of calendar windows. */
		private ZoneId zone = ZoneId.of("UTC");

		/** What is counted together: global, or one independent budget per model, agent or user. */
		private io.tokenmeter.core.budget.BudgetScope scope = io.tokenmeter.core.budget.BudgetScope.GLOBAL;

		/** For model/agent/user scopes: only these values are budgeted. Empty means every value. */
		private List<String> match = new ArrayList<>();

		/**
		 * Fractions of the limit at which an event is published, once per window each: 1.0 publishes
		 * BudgetExceededEvent, lower ones BudgetThresholdEvent.
		 */
		private List<BigDecimal> alertThresholds = new ArrayList<>(List.of(new BigDecimal("0.8"), BigDecimal.ONE));

		/** Whether a call that would exceed the limit is refused with BudgetExceededException before the model is called. */
		private boolean enforce;

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable BigDecimal getLimit() {
			return this.limit;
		}

		public void setLimit(@Nullable BigDecimal limit) {
			this.limit = limit;
		}

		public String getWindow() {
			return this.window;
		}

		public void setWindow(String window) {
			this.window = window;
		}

		public ZoneId getZone() {
			return this.zone;
		}

		public void setZone(ZoneId zone) {
			this.zone = zone;
		}

		public io.tokenmeter.core.budget.BudgetScope getScope() {
			return this.scope;
		}

		public void setScope(io.tokenmeter.core.budget.BudgetScope scope) {
			this.scope = scope;
		}

		public List<String> getMatch() {
			return this.match;
		}

		public void setMatch(List<String> match) {
			this.match = match;
		}

		public List<BigDecimal> getAlertThresholds() {
			return this.alertThresholds;
		}

		public void setAlertThresholds(List<BigDecimal> alertThresholds) {
			this.alertThresholds = alertThresholds;
		}

		public boolean isEnforce() {
			return this.enforce;
		}

		public void setEnforce(boolean enforce) {
			this.enforce = enforce;
		}

	}

	/** Where budget spend is kept. */
	public static class BudgetStore {

		/** "memory" (one instance) or "redis" (shared by every instance; needs Spring Data Redis). */
		private Type type = Type.MEMORY;

		/**
		 * What enforced budgets do when the store cannot be reached: fail-open lets calls through (the store
		 * error is counted and logged once), fail-closed refuses them.
		 */
		private io.tokenmeter.core.budget.StoreFailureMode failureMode = io.tokenmeter.core.budget.StoreFailureMode.FAIL_OPEN;

		/** Prefix of the Redis keys, so several applications can share one Redis. */
		private String keyPrefix = "tokenmeter";

		/**
		 * After a failed Redis operation, how long every budget operation fails at once (without waiting for the
		 * Redis client's timeout) before Redis is tried again.
		 */
		private Duration retryAfter = Duration.ofSeconds(5);

		/**
		 * With the Redis store, how long a reservation counts against its budget when it is never committed or
		 * released (an instance that crashed mid-call, a reply lost): set it to about your longest model call.
		 */
		private Duration reservationTtl = Duration.ofMinutes(5);

		public Duration getRetryAfter() {
			return this.retryAfter;
		}

		public void setRetryAfter(Duration retryAfter) {
			this.retryAfter = retryAfter;
		}

		public Duration getReservationTtl() {
			return this.reservationTtl;
		}

		public void setReservationTtl(Duration reservationTtl) {
			this.reservationTtl = reservationTtl;
		}

		public Type getType() {
			return this.type;
		}

		public void setType(Type type) {
			this.type = type;
		}

		public io.tokenmeter.core.budget.StoreFailureMode getFailureMode() {
			return this.failureMode;
		}

		public void setFailureMode(io.tokenmeter.core.budget.StoreFailureMode failureMode) {
			this.failureMode = failureMode;
		}

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public enum Type {

			/** In this instance's memory. */
			MEMORY,
			/** In Redis, shared across instances. */
			REDIS

		}

	}

	/** The built-in budget alert listener. */
	public static class BudgetAlerts {

		/** Whether every budget event is logged at WARN in one line. */
		private boolean log = true;

		public boolean isLog() {
			return this.log;
		}

		public void setLog(boolean log) {
			this.log = log;
		}

	}

	/** Alerts on single expensive calls (CallCostAlertEvent, a WARN line, llm.call.cost.alerts). */
	public static class Alerts {

		/**
		 * USD above which one model call raises a CallCostAlertEvent, a WARN line and llm.call.cost.alerts, e.g.
		 * 0.05. Unset (the default): no call alerts unless a per-model or per-agent threshold applies. Unpriced
		 * calls never alert.
		 */
		private @Nullable BigDecimal callCostAbove;

		/**
		 * Per-model call-cost-above in USD, by model id (the requested id, else the answering one; ids with dots in
		 * brackets). Wins over call-cost-above.
		 */
		private Map<String, BigDecimal> models = new LinkedHashMap<>();

		/** Per-agent call-cost-above in USD, by agent. Wins over the per-model and the default threshold. */
		private Map<String, BigDecimal> agents = new LinkedHashMap<>();

		/** Whether alerts are logged at WARN. */
		private boolean log = true;

		/** At most one alert WARN line per interval; the next line says how many alerts were not logged. */
		private Duration logInterval = Duration.ofSeconds(1);

		public @Nullable BigDecimal getCallCostAbove() {
			return this.callCostAbove;
		}

		public void setCallCostAbove(@Nullable BigDecimal callCostAbove) {
			this.callCostAbove = callCostAbove;
		}

		public Map<String, BigDecimal> getModels() {
			return this.models;
		}

		public void setModels(Map<String, BigDecimal> models) {
			this.models = models;
		}

		public Map<String, BigDecimal> getAgents() {
			return this.agents;
		}

		public void setAgents(Map<String, BigDecimal> agents) {
			this.agents = agents;
		}

		public boolean isLog() {
			return this.log;
		}

		public void setLog(boolean log) {
			this.log = log;
		}

		public Duration getLogInterval() {
			return this.logInterval;
		}

		public void setLogInterval(Duration logInterval) {
			this.logInterval = logInterval;
		}

	}

	/** How enforced budgets estimate a call before it is made. */
	public static class BudgetEnforcement {

		/**
		 * Output tokens assumed for a call whose request sets no max-tokens option. The estimate (prompt tokens
		 * counted with JTokkit + max output tokens, priced) is reserved before the call and reconciled after it.
		 */
		private int defaultMaxOutputTokens = 1024;

		/**
		 * USD reserved for a call an enforced budget applies to whose model has no price (or that names no model).
		 * Unset (the default): such calls are refused with UnpricedCallException, since nothing bounds their cost.
		 * Their actual cost is unknown, so they are never charged: the reservation only limits how many can run
		 * at once.
		 */
		private @Nullable BigDecimal unpricedReservation;

		public int getDefaultMaxOutputTokens() {
			return this.defaultMaxOutputTokens;
		}

		public void setDefaultMaxOutputTokens(int defaultMaxOutputTokens) {
			this.defaultMaxOutputTokens = defaultMaxOutputTokens;
		}

		public @Nullable BigDecimal getUnpricedReservation() {
			return this.unpricedReservation;
		}

		public void setUnpricedReservation(@Nullable BigDecimal unpricedReservation) {
			this.unpricedReservation = unpricedReservation;
		}

	}

	/** Call records: the LlmCallRecordedEvent, the in-memory spend report and the optional JSONL ledger. */
	public static class Ledger {

		/**
		 * Whether every call becomes an LlmCallRecord, published as LlmCallRecordedEvent and added up in memory for
		 * the tokenmeter actuator endpoint.
		 */
		private boolean enabled = true;

		/**
		 * Characters of each response kept on the call record (event and JSONL line). 0 keeps none and reads no
		 * response text: responses may hold personal data.
		 */
		private int previewChars = 0;

		/**
		 * Distinct users kept in the in-memory user breakdown; past it the least recently used user is evicted and
		 * counted in tokenmeter.report.evicted (totals keep every call).
		 */
		private int maxUsers = 10_000;

		/** Distinct sessions kept in the in-memory session breakdown; past it the least recently used is evicted. */
		private int maxSessions = 10_000;

		/** How many users the report lists as top spenders. */
		private int topUsers = 10;

		/**
		 * How many of the most expensive calls the report lists for each period (topCalls), at most 1000; 0 lists
		 * none. Kept in a bounded heap per period: calls cheaper than the cheapest listed cost one comparison.
		 */
		private int topCalls = 10;

		private final Jsonl jsonl = new Jsonl();

		private final Jdbc jdbc = new Jdbc();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getPreviewChars() {
			return this.previewChars;
		}

		public void setPreviewChars(int previewChars) {
			this.previewChars = previewChars;
		}

		/**
		 * Not a property: the preview length the metering paths keep, {@code 0} while the ledger is off.
		 * @return the number of characters of prompt and answer to keep per call
		 */
		public int previewCharsKept() {
			return this.enabled ? this.previewChars : 0;
		}

		public int getMaxUsers() {
			return this.maxUsers;
		}

		public void setMaxUsers(int maxUsers) {
			this.maxUsers = maxUsers;
		}

		public int getMaxSessions() {
			return this.maxSessions;
		}

		public void setMaxSessions(int maxSessions) {
			this.maxSessions = maxSessions;
		}

		public int getTopUsers() {
			return this.topUsers;
		}

		public void setTopUsers(int topUsers) {
			this.topUsers = topUsers;
		}

		public int getTopCalls() {
			return this.topCalls;
		}

		public void setTopCalls(int topCalls) {
			this.topCalls = topCalls;
		}

		public Jsonl getJsonl() {
			return this.jsonl;
		}

		public Jdbc getJdbc() {
			return this.jdbc;
		}

	}

	/** The JSONL ledger: one JSON line per call, one file per day, written off the calling thread. */
	public static class Jsonl {

		/** Whether call records are appended to daily JSONL files (needed for the hour/day/week/month report windows). */
		private boolean enabled = false;

		/** Directory of the daily files llm-calls-YYYY-MM-DD.jsonl; created when missing. */
		private Path directory = Path.of("tokenmeter-ledger");

		/** Time zone whose calendar days the files (and the report's hour/day/week/month windows) follow. */
		private ZoneId zone = ZoneId.of("UTC");

		/** Files of days more than this many days before today are deleted (at start and when the day changes). */
		private int retentionDays = 30;

		/** Size one day's file may reach; further records of that day are dropped and counted. Empty: no cap. */
		private @Nullable DataSize maxFileSize;

		/** Records that may wait for the writer thread. */
		private int queueCapacity = 10_000;

		/**
		 * What happens to a record when the queue is full: block (wait up to block-timeout for room, then drop) or
		 * drop (at once). Dropped records are counted in tokenmeter.ledger.dropped.
		 */
		private FullQueuePolicy fullQueuePolicy = FullQueuePolicy.BLOCK;

		/** How long the calling thread waits for room in a full queue with full-queue-policy=block. */
		private Duration blockTimeout = Duration.ofSeconds(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Path getDirectory() {
			return this.directory;
		}

		public void setDirectory(Path directory) {
			this.directory = directory;
		}

		public ZoneId getZone() {
			return this.zone;
		}

		public void setZone(ZoneId zone) {
			this.zone = zone;
		}

		public int getRetentionDays() {
			return this.retentionDays;
		}

		public void setRetentionDays(int retentionDays) {
			this.retentionDays = retentionDays;
		}

		public @Nullable DataSize getMaxFileSize() {
			return this.maxFileSize;
		}

		public void setMaxFileSize(@Nullable DataSize maxFileSize) {
			this.maxFileSize = maxFileSize;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		public FullQueuePolicy getFullQueuePolicy() {
			return this.fullQueuePolicy;
		}

		public void setFullQueuePolicy(FullQueuePolicy fullQueuePolicy) {
			this.fullQueuePolicy = fullQueuePolicy;
		}

		public Duration getBlockTimeout() {
			return this.blockTimeout;
		}

		public void setBlockTimeout(Duration blockTimeout) {
			this.blockTimeout = blockTimeout;
		}

	}

	/**
	 * The JDBC ledger: one row per call in the application's database (PostgreSQL), inserted off the calling thread
	 * in batches; every instance writing to one database makes one cluster-wide ledger, which the report then reads.
	 */
	public static class Jdbc {

		/**
		 * Whether call records are inserted into the tokenmeter_llm_call table of the application's DataSource; the
		 * tokenmeter actuator endpoint then answers every window, total included, from the database (source: jdbc).
		 */
		private boolean enabled = false;

		/**
		 * Whether tokenmeter creates its table at startup: through Flyway with its own history table
		 * (tokenmeter_schema_history) when Flyway is on the classpath, else by running the shipped, idempotent script
		 * io/tokenmeter/jdbc/postgresql/V1__tokenmeter_llm_call.sql. false: apply that script yourself.
		 */
		private boolean initializeSchema = true;

		/** Time zone of the report's hour/day/week/month windows when they are read from the database. */
		private ZoneId zone = ZoneId.of("UTC");

		/** Records that may wait for the writer thread, and for the database while it is away. */
		private int queueCapacity = 10_000;

		/**
		 * What happens to a record when the queue is full (the database is away or slower than the calls): drop (at
		 * once, the default, so an outage never slows calls) or block (wait up to block-timeout for room, then drop).
		 * Dropped records are counted in tokenmeter.ledger.jdbc.dropped.
		 */
		private FullQueuePolicy fullQueuePolicy = FullQueuePolicy.DROP;

		/** How long the calling thread waits for room in a full queue with full-queue-policy=block. */
		private Duration blockTimeout = Duration.ofMillis(100);

		/** Records inserted in one transaction at most. */
		private int batchSize = 500;

		/** The longest pause between attempts to insert a held batch while the database is away. */
		private Duration maxRetryPause = Duration.ofSeconds(5);

		/**
		 * PostgreSQL work_mem of the report query's own transaction (SET LOCAL), so a large window is grouped in
		 * memory rather than sorted on disk. Empty: the server's setting.
		 */
		private DataSize reportWorkMem = DataSize.ofMegabytes(64);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(boolean initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

		public ZoneId getZone() {
			return this.zone;
		}

		public void setZone(ZoneId zone) {
			this.zone = zone;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		public FullQueuePolicy getFullQueuePolicy() {
			return this.fullQueuePolicy;
		}

		public void setFullQueuePolicy(FullQueuePolicy fullQueuePolicy) {
			this.fullQueuePolicy = fullQueuePolicy;
		}

		public Duration getBlockTimeout() {
			return this.blockTimeout;
		}

		public void setBlockTimeout(Duration blockTimeout) {
			this.blockTimeout = blockTimeout;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public Duration getMaxRetryPause() {
			return this.maxRetryPause;
		}

		public void setMaxRetryPause(Duration maxRetryPause) {
			this.maxRetryPause = maxRetryPause;
		}

		public DataSize getReportWorkMem() {
			return this.reportWorkMem;
		}

		public void setReportWorkMem(DataSize reportWorkMem) {
			this.reportWorkMem = reportWorkMem;
		}

	}

	/**
	 * tokenmeter's view of each call on the span of Spring AI's chat-model observation (OpenTelemetry GenAI
	 * attribute names), when Micrometer Tracing is on the classpath.
	 */
	public static class Tracing {

		/**
		 * Whether the chat-model span of each metered call carries its normalized tokens, provider, models, agent,
		 * session and cost. Takes effect only with Micrometer Tracing on the classpath (e.g.
		 * spring-boot-starter-opentelemetry); without it nothing is added to any call.
		 */
		private boolean enabled = true;

		/**
		 * Whether spans also carry the user id (user.id). Off by default: spans leave the application, to
		 * whichever trace backend it exports to.
		 */
		private boolean user = false;

		/**
		 * Whether spans also carry the cost under the proposed gen_ai.usage.cost.amount and
		 * gen_ai.usage.cost.currency (USD), which are not part of the OpenTelemetry conventions yet. The cost is
		 * always on tokenmeter.cost.usd.
		 */
		private boolean proposedCostAttributes = false;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isUser() {
			return this.user;
		}

		public void setUser(boolean user) {
			this.user = user;
		}

		public boolean isProposedCostAttributes() {
			return this.proposedCostAttributes;
		}

		public void setProposedCostAttributes(boolean proposedCostAttributes) {
			this.proposedCostAttributes = proposedCostAttributes;
		}

	}

}
