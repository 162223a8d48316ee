package io.tokenmeter.jdbc.internal;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * Applies the JDBC ledger's scripts with Flyway, kept apart from the application's own migrations: its own
 * location ({@value JdbcLedgerSchema#LOCATION}) and history table ({@value JdbcLedgerSchema#HISTORY_TABLE}), so
 * versions never clash with the application's {@code V1__...}. Baselines at version 0 on a schema that already has
 * tables, so version 1 is still applied. Only loaded when Flyway is on the classpath.
 */
public final class FlywayMigration {

	private FlywayMigration() {
	}

	public static void migrate(DataSource dataSource) {
		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:" + JdbcLedgerSchema.LOCATION)
			.table(JdbcLedgerSchema.HISTORY_TABLE)
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
	}

}
