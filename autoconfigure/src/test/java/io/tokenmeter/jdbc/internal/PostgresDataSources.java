package io.tokenmeter.jdbc.internal;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.tokenmeter.jdbc.PostgresServerProcess;

/** Connection pools on a test's PostgreSQL, set to notice an outage quickly. */
final class PostgresDataSources {

	private PostgresDataSources() {
	}

	static HikariDataSource pool(PostgresServerProcess postgres) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(postgres.jdbcUrl());
		pool.setUsername(postgres.username());
		pool.setMaximumPoolSize(4);
		pool.setConnectionTimeout(Duration.ofMillis(500).toMillis());
		pool.setValidationTimeout(Duration.ofMillis(250).toMillis());
		return pool;
	}

}
