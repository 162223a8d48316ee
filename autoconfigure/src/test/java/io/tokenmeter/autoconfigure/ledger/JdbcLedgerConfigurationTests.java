package io.tokenmeter.autoconfigure.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.tokenmeter.autoconfigure.TokenMeterAutoConfiguration;
import io.tokenmeter.autoconfigure.budget.TokenMeterBudgetAutoConfiguration;
import io.tokenmeter.autoconfigure.pricing.TokenMeterPricingAutoConfiguration;
import io.tokenmeter.core.ledger.internal.SpendReporter;
import io.tokenmeter.core.ledger.internal.SpendSource;
import io.tokenmeter.jdbc.PostgresServerProcess;
import io.tokenmeter.jdbc.internal.JdbcLedger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.tokenmeter.autoconfigure.StartupFailures.analyze;
import static org.assertj.core.api.Assertions.assertThat;

/** When the JDBC ledger is on, how its schema is applied, and what it refuses; on a real PostgreSQL. */
class JdbcLedgerConfigurationTests {

	@RegisterExtension
	static final PostgresServerProcess postgres = new PostgresServerProcess();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenMeterPricingAutoConfiguration.class,
				TokenMeterBudgetAutoConfiguration.class, TokenMeterLedgerAutoConfiguration.class,
				TokenMeterJdbcLedgerAutoConfiguration.class, TokenMeterAutoConfiguration.class))
		.withPropertyValues("tokenmeter.pricing.catalog=none");

	@BeforeEach
	void noTables() throws SQLException {
		try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
			statement.execute("DROP TABLE IF EXISTS tokenmeter_llm_call, tokenmeter_schema_history");
		}
	}

	@Test
	void theJdbcLedgerIsOffByDefaultEvenWithADataSource() {
		this.runner.withUserConfiguration(Database.class).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(JdbcLedger.class).doesNotHaveBean(SpendSource.class);
			assertThat(context.getBean(SpendReporter.class).windowsAvailable()).isFalse();
		});
	}

	@Test
	void theJdbcLedgerBacksOffWithoutADataSource() {
		this.runner.withPropertyValues("tokenmeter.ledger.jdbc.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(JdbcLedger.class));
	}

	@Test
	void withFlywayTheSchemaIsMigratedWithItsOwnHistoryTableAndTheReportReadsTheDatabase() {
		this.runner.withUserConfiguration(Database.class)
			.withPropertyValues("tokenmeter.ledger.jdbc.enabled=true")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(JdbcLedger.class);
				assertThat(context.getBean(SpendReporter.class).windowsAvailable()).isTrue();
				assertThat(context.getBean(SpendSource.class).name()).isEqualTo("jdbc");
				assertThat(postgres.queryForLong("SELECT count(*) FROM tokenmeter_schema_history WHERE version = '1' AND success"))
					.isEqualTo(1);
			});
	}

	@Test
	void withoutFlywayTheShippedScriptCreatesTheTable() {
		this.runner.withUserConfiguration(Database.class)
			.withClassLoader(new FilteredClassLoader(Flyway.class))
			.withPropertyValues("tokenmeter.ledger.jdbc.enabled=true")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(JdbcLedger.class);
				assertThat(postgres.queryForLong("SELECT count(*) FROM tokenmeter_llm_call")).isZero();
				assertThat(postgres.queryForLong("SELECT count(*) FROM information_schema.tables WHERE table_name = "
						+ "'tokenmeter_schema_history'")).isZero();
			});
	}

	@Test
	void aMissingTableWithSchemaInitializationOffFailsAtStartupNamingTheScript() {
		this.runner.withUserConfiguration(Database.class)
			.withPropertyValues("tokenmeter.ledger.jdbc.enabled=true", "tokenmeter.ledger.jdbc.initialize-schema=false")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("tokenmeter.ledger.jdbc.initialize-schema")
					.contains("tokenmeter_llm_call");
				assertThat(analysis.getAction()).contains("V1__tokenmeter_llm_call.sql");
			});
	}

	@Test
	void aBatchSizeOfZeroFailsAtStartupNamingTheProperty() {
		this.runner.withUserConfiguration(Database.class)
			.withPropertyValues("tokenmeter.ledger.jdbc.enabled=true", "tokenmeter.ledger.jdbc.batch-size=0")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("tokenmeter.ledger.jdbc.batch-size"));
	}

	@Configuration(proxyBeanMethods = false)
	static class Database {

		@Bean(destroyMethod = "close")
		DataSource dataSource() {
			HikariDataSource pool = new HikariDataSource();
			pool.setJdbcUrl(postgres.jdbcUrl());
			pool.setUsername(postgres.username());
			pool.setMaximumPoolSize(2);
			return pool;
		}

	}

}
