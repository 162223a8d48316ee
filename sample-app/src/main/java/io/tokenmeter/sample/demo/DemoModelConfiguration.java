package io.tokenmeter.sample.demo;

import java.time.Duration;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The demo chat model, unless a real provider is selected: with the {@code openai} profile Spring AI's OpenAI
 * auto-configuration provides the chat model instead (see {@code application.yml}).
 */
@Configuration(proxyBeanMethods = false)
@Profile("!openai")
class DemoModelConfiguration {

	@Bean
	DemoChatModel demoChatModel(@Value("${sample.demo.first-token-delay:40ms}") Duration firstTokenDelay,
			@Value("${sample.demo.chunk-delay:4ms}") Duration chunkDelay, ObjectProvider<ObservationRegistry> observations) {
		return new DemoChatModel(firstTokenDelay, chunkDelay, observations.getIfUnique(() -> ObservationRegistry.NOOP));
	}

}
