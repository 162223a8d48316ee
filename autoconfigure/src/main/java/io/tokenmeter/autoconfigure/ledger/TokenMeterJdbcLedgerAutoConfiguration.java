package io.tokenmeter.autoconfigure.ledger;

import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.tokenmeter.autoconfigure.TokenMeterProperties.Jdbc;
import io.tokenmeter.autoconfigure.TokenMeterProperties;
import io.tokenmeter.autoconfigure.pricing.TokenMeterPricingAutoConfiguration;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.internal.InvalidConfigurationException;
import io.tokenmeter.core.ledger.internal.SpendSource;
import io.tokenmeter.jdbc.internal.FlywayMigration;
import io.tokenmeter.jdbc.internal.JdbcChargeback;
import io.tokenmeter.jdbc.internal.JdbcLedger;
import io.tokenmeter.jdbc.internal.JdbcLedgerMetrics;
import io.tokenmeter.jdbc.internal.JdbcLedgerSchema;
import io.tokenmeter.jdbc.internal.JdbcRepricer;
import io.tokenmeter.jdbc.internal.JdbcSpendQueries;
import io.tokenmeter.jdbc.internal.JdbcSpendSource;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

/**
 * The JDBC ledger, with {@code tokenmeter.ledger.jdbc.enabled=true} and the application's single
 * {@link DataSource}: every call record inserted into {@code tokenmeter_llm_call} (schema applied at startup unless
 * {@code initialize-schema=false}), and the spend report read from the database for every window
 * ({@code source: jdbc}). Runs after Boot's DataSource and Flyway auto-configurations, so the application's own
 * migrations come first.
 *
 * @since 0.2.0
 */
@AutoConfiguration(after = TokenMeterPricingAutoConfiguration.class,
		afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass({ ChatClient.class, DataSource.class })
@ConditionalOnBooleanProperty(name = { "tokenmeter.enabled", "tokenmeter.ledger.enabled" }, matchIfMissing = true)
@ConditionalOnBooleanProperty("tokenmeter.ledger.jdbc.enabled")
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(TokenMeterProperties.class)
public final class TokenMeterJdbcLedgerAutoConfiguration {

	private static final String FLYWAY = "org.flywaydb.core.Flyway";

	@Bean
	@ConditionalOnMissingBean
	JdbcLedger tokenMeterJdbcLedger(DataSource dataSource, TokenMeterProperties properties,
			MeteringFailures failures, ResourceLoader resourceLoader) {
		Jdbc jdbc = properties.getLedger().getJdbc();
		LedgerConfigurationCheck.check(jdbc);
		if (jdbc.isInitializeSchema()) {
			initializeSchema(dataSource, ClassUtils.isPresent(FLYWAY, resourceLoader.getClassLoader()));
		}
		String missing = JdbcLedgerSchema.check(dataSource);
		if (missing != null) {
			throw new InvalidConfigurationException("tokenmeter.ledger.jdbc.initialize-schema",
					"is false and the table " + JdbcLedgerSchema.TABLE + " cannot be read (" + missing + ")",
					"Set tokenmeter.ledger.jdbc.initialize-schema=true, or run the script classpath:"
							+ JdbcLedgerSchema.LOCATION + "/V1__tokenmeter_llm_call.sql (in the tokenmeter jar) "
							+ "against the application's database.");
		}
		JdbcLedger ledger = new JdbcLedger(dataSource, jdbc.getQueueCapacity(), jdbc.getFullQueuePolicy(),
				jdbc.getBlockTimeout(), jdbc.getBatchSize(), jdbc.getMaxRetryPause(), failures);
		ledger.start();
		return ledger;
	}

	@Bean
	@ConditionalOnMissingBean
	JdbcSpendQueries tokenMeterJdbcSpendQueries(DataSource dataSource, TokenMeterProperties properties) {
		DataSize workMem = properties.getLedger().getJdbc().getReportWorkMem();
		return new JdbcSpendQueries(dataSource, properties.getLedger().getMaxUsers(),
				properties.getLedger().getMaxSessions(), workMem != null ? workMem.toKilobytes() : 0,
				properties.getLedger().getTopCalls());
	}

	@Bean
	@ConditionalOnMissingBean(SpendSource.class)
	JdbcSpendSource tokenMeterJdbcSpendSource(JdbcLedger ledger, JdbcSpendQueries queries) {
		return new JdbcSpendSource(ledger, queries);
	}

	@Bean
	@ConditionalOnMissingBean
	JdbcChargeback tokenMeterJdbcChargeback(DataSource dataSource) {
		return new JdbcChargeback(dataSource);
	}

	@Bean
	@ConditionalOnMissingBean
	JdbcRepricer tokenMeterJdbcRepricer(DataSource dataSource) {
		return new JdbcRepricer(dataSource, Clock.systemUTC());
	}

	private static void initializeSchema(DataSource dataSource, boolean flyway) {
		if (flyway) {
			try {
				FlywayMigration.migrate(dataSource);
				return;
			}
			catch (RuntimeException ex) {
				throw new InvalidConfigurationException("tokenmeter.ledger.jdbc.initialize-schema",
						"Flyway could not apply tokenmeter's schema (" + ex.getMessage() + ")",
						"With Flyway 10 or later add its database module (org.flywaydb:flyway-database-postgresql for "
								+ "PostgreSQL); or set tokenmeter.ledger.jdbc.initialize-schema=false and run "
								+ "classpath:" + JdbcLedgerSchema.LOCATION + "/V1__tokenmeter_llm_call.sql yourself.");
			}
		}
		try {
			JdbcLedgerSchema.runScripts(dataSource);
		}
		catch (SQLException ex) {
			throw new InvalidConfigurationException("tokenmeter.ledger.jdbc.initialize-schema",
					"creating the table " + JdbcLedgerSchema.TABLE + " failed (" + ex.getMessage() + ")",
					"Check spring.datasource.url/username/password and that the user may create tables, or set "
							+ "tokenmeter.ledger.jdbc.initialize-schema=false and run classpath:"
							+ JdbcLedgerSchema.LOCATION + "/V1__tokenmeter_llm_call.sql yourself.");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "tokenmeter.metrics.enabled", matchIfMissing = true)
	static class JdbcLedgerMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JdbcLedgerMetrics tokenMeterJdbcLedgerMetrics(JdbcLedger ledger) {
			return new JdbcLedgerMetrics(ledger);
		}

	}

}
