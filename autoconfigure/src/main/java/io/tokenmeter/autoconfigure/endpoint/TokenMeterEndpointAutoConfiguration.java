package io.tokenmeter.autoconfigure.endpoint;

import io.tokenmeter.autoconfigure.ledger.TokenMeterLedgerAutoConfiguration;
import io.tokenmeter.core.ledger.internal.SpendReporter;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code tokenmeter} actuator endpoint, when Spring Boot Actuator is present and the endpoint is available
 * (exposed with {@code management.endpoints.web.exposure.include=tokenmeter} or over JMX).
 *
 * @since 0.2.0
 */
@AutoConfiguration(after = TokenMeterLedgerAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(SpendReporter.class)
@ConditionalOnAvailableEndpoint(TokenMeterEndpoint.class)
public final class TokenMeterEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TokenMeterEndpoint tokenMeterEndpoint(SpendReporter reporter) {
		return new TokenMeterEndpoint(reporter);
	}

	@Bean
	@ConditionalOnMissingBean
	TokenMeterEndpointWebExtension tokenMeterEndpointWebExtension(TokenMeterEndpoint endpoint) {
		return new TokenMeterEndpointWebExtension(endpoint);
	}

}
