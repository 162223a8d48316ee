package io.tokenmeter.sample.security;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The {@code secured} profile: every actuator endpoint but {@code health} needs HTTP basic with a user in the
 * {@code ACTUATOR} role (Spring Boot's {@code spring.security.user.*}); the chat API stays open. Without the profile
 * Spring Security's auto-configuration is excluded (application.yml) and this class is not loaded.
 */
@Configuration(proxyBeanMethods = false)
@Profile("secured")
class ActuatorSecurityConfiguration {

	@Bean
	SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests((auth) -> auth.requestMatchers(EndpointRequest.to("health"))
				.permitAll()
				.requestMatchers(EndpointRequest.toAnyEndpoint())
				.hasRole("ACTUATOR")
				.anyRequest()
				.permitAll())
			.httpBasic(Customizer.withDefaults())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// A JSON API and read-only endpoints, no cookies or sessions: nothing for CSRF protection to protect.
			.csrf((csrf) -> csrf.disable())
			.build();
	}

}
