package io.tokenmeter.autoconfigure.ledger;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.tokenmeter.autoconfigure.TokenMeterAutoConfiguration;
import io.tokenmeter.autoconfigure.TokenMeterProperties.Jsonl;
import io.tokenmeter.autoconfigure.TokenMeterProperties.Ledger;
import io.tokenmeter.autoconfigure.TokenMeterProperties;
import io.tokenmeter.autoconfigure.budget.TokenMeterBudgetAutoConfiguration;
import io.tokenmeter.autoconfigure.pricing.TokenMeterPricingAutoConfiguration;
import io.tokenmeter.core.budget.internal.BudgetTracker;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.internal.InvalidConfigurationException;
import io.tokenmeter.core.ledger.LedgerReader;
import io.tokenmeter.core.ledger.LedgerSink;
import io.tokenmeter.core.ledger.SpendAggregator;
import io.tokenmeter.core.ledger.internal.CallLedger;
import io.tokenmeter.core.ledger.internal.JsonlLedgerWriter;
import io.tokenmeter.core.ledger.internal.LlmCallRecordPublisher;
import io.tokenmeter.core.ledger.internal.SpendReporter;
import io.tokenmeter.core.ledger.internal.SpendSource;
import io.tokenmeter.core.lifecycle.LlmCallRecorder.StagedListener;
import io.tokenmeter.core.metrics.internal.LedgerMetrics;
import io.tokenmeter.core.pricing.CatalogStatus;
import io.tokenmeter.core.pricing.PricingStatus;
import io.tokenmeter.core.pricing.internal.CallPricer;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ApplicationEventMulticaster;
import org.springframework.context.support.AbstractApplicationContext;

/**
 * Call records: every recorded call becomes an {@code LlmCallRecordedEvent}, is added up in memory for the spend
 * report and, with {@code tokenmeter.ledger.jsonl.enabled=true}, appended to daily JSONL files.
 *
 * @since 0.2.0
 */
@AutoConfiguration(after = { TokenMeterPricingAutoConfiguration.class, TokenMeterBudgetAutoConfiguration.class },
		before = TokenMeterAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(ChatClient.class)
@ConditionalOnBooleanProperty(name = { "tokenmeter.enabled", "tokenmeter.ledger.enabled" }, matchIfMissing = true)
@EnableConfigurationProperties(TokenMeterProperties.class)
public final class TokenMeterLedgerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SpendAggregator tokenMeterSpendAggregator(TokenMeterProperties properties) {
		Ledger ledger = properties.getLedger();
		LedgerConfigurationCheck.check(ledger);
		return new SpendAggregator(Clock.systemUTC().instant(), ledger.getMaxUsers(), ledger.getMaxSessions(),
				ledger.getTopCalls());
	}

	@Bean
	StagedListener tokenMeterLedgerListener(ObjectProvider<LedgerSink> sinks, ApplicationContext context,
			@Qualifier(AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME) ObjectProvider<ApplicationEventMulticaster> multicaster,
			MeteringFailures failures) {
		ApplicationEventMulticaster direct = context.getParent() == null ? multicaster.getIfAvailable() : null;
		LlmCallRecordPublisher events = direct != null ? new RecordedEventMulticaster(context, direct)
				: context::publishEvent;
		return new StagedListener(MeteringStage.LEDGER, new CallLedger(sinks.orderedStream().toList(), events, failures));
	}

	@Bean
	@ConditionalOnMissingBean
	SpendReporter tokenMeterSpendReporter(SpendAggregator aggregator, ObjectProvider<SpendSource> database,
			ObjectProvider<LedgerReader> reader, ObjectProvider<JsonlLedgerWriter> writer,
			ObjectProvider<BudgetTracker> budgets, ObjectProvider<CatalogStatus> catalog,
			ObjectProvider<CallPricer> pricer, TokenMeterProperties properties) {
		Clock clock = Clock.systemUTC();
		CatalogStatus catalogStatus = catalog.getIfAvailable();
		CallPricer callPricer = pricer.getIfAvailable();
		Supplier<PricingStatus> pricing = catalogStatus != null && callPricer != null
				? () -> callPricer.unpricedModels().status(catalogStatus, clock) : null;
		// The JDBC ledger (every instance's calls) answers the report when it is on; else this instance's JSONL files.
		SpendSource windows = database.getIfAvailable();
		ZoneId zone = properties.getLedger().getJdbc().getZone();
		if (windows == null) {
			LedgerReader jsonl = reader.getIfAvailable();
			windows = jsonl != null ? SpendSource.jsonl(jsonl, writer.getIfAvailable()) : null;
			zone = properties.getLedger().getJsonl().getZone();
		}
		return new SpendReporter(aggregator, windows, budgets.getIfAvailable(BudgetTracker::none), clock, zone,
				properties.getLedger().getTopUsers(), pricing);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "tools.jackson.databind.json.JsonMapper")
	@ConditionalOnBooleanProperty(name = "tokenmeter.ledger.jsonl.enabled")
	static class JsonlConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JsonlLedgerWriter tokenMeterJsonlLedgerWriter(TokenMeterProperties properties, MeteringFailures failures) {
			Jsonl jsonl = properties.getLedger().getJsonl();
			LedgerConfigurationCheck.check(jsonl);
			JsonlLedgerWriter writer = new JsonlLedgerWriter(jsonl.getDirectory(), jsonl.getZone(),
					jsonl.getRetentionDays(), jsonl.getMaxFileSize() != null ? jsonl.getMaxFileSize().toBytes() : 0,
					jsonl.getQueueCapacity(), jsonl.getFullQueuePolicy(), jsonl.getBlockTimeout(), Clock.systemUTC(),
					failures);
			try {
				writer.start();
			}
			catch (UncheckedIOException ex) {
				throw new InvalidConfigurationException("tokenmeter.ledger.jsonl.directory",
						"cannot create or write " + jsonl.getDirectory().toAbsolutePath() + " ("
								+ ex.getCause().getMessage() + ")",
						"Point tokenmeter.ledger.jsonl.directory at a writable directory.");
			}
			return writer;
		}

		@Bean
		@ConditionalOnMissingBean
		LedgerReader tokenMeterLedgerReader(TokenMeterProperties properties) {
			Ledger ledger = properties.getLedger();
			ZoneId zone = ledger.getJsonl().getZone();
			return new LedgerReader(ledger.getJsonl().getDirectory(), zone, ledger.getMaxUsers(),
					ledger.getMaxSessions(), ledger.getTopCalls());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "tokenmeter.metrics.enabled", matchIfMissing = true)
	static class LedgerMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LedgerMetrics tokenMeterLedgerMetrics(ObjectProvider<SpendAggregator> aggregator,
				ObjectProvider<JsonlLedgerWriter> writer) {
			return new LedgerMetrics(aggregator.getIfAvailable(), writer.getIfAvailable());
		}

	}

}
