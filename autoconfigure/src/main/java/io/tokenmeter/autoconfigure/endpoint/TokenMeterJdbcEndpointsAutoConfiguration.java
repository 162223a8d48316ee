package io.tokenmeter.autoconfigure.endpoint;

import java.time.Clock;

import io.tokenmeter.autoconfigure.TokenMeterProperties;
import io.tokenmeter.autoconfigure.ledger.TokenMeterJdbcLedgerAutoConfiguration;
import io.tokenmeter.core.pricing.CatalogStatus;
import io.tokenmeter.core.pricing.internal.CallPricer;
import io.tokenmeter.jdbc.internal.JdbcChargeback;
import io.tokenmeter.jdbc.internal.JdbcLedger;
import io.tokenmeter.jdbc.internal.JdbcRepricer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The JDBC ledger's actuator endpoints, each when available (listed in
 * {@code management.endpoints.web.exposure.include}): {@code tokenmeterchargeback} (CSV per user and agent) and
 * {@code tokenmeterreprice} (a write operation).
 *
 * @since 0.2.0
 */
@AutoConfiguration(after = TokenMeterJdbcLedgerAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(JdbcLedger.class)
@EnableConfigurationProperties(TokenMeterProperties.class)
public final class TokenMeterJdbcEndpointsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(TokenMeterChargebackEndpoint.class)
	TokenMeterChargebackEndpoint tokenMeterChargebackEndpoint(JdbcChargeback chargeback,
			TokenMeterProperties properties) {
		return new TokenMeterChargebackEndpoint(chargeback, properties.getLedger().getJdbc().getZone(),
				Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(TokenMeterRepriceEndpoint.class)
	TokenMeterRepriceEndpoint tokenMeterRepriceEndpoint(JdbcRepricer repricer, ObjectProvider<CallPricer> pricer,
			ObjectProvider<CatalogStatus> catalog, JdbcLedger ledger, TokenMeterProperties properties) {
		return new TokenMeterRepriceEndpoint(repricer, pricer.getIfAvailable(), catalog.getIfAvailable(), ledger,
				properties.getLedger().getJdbc().getZone());
	}

}
