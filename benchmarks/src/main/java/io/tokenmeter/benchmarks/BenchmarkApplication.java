package io.tokenmeter.benchmarks;

import java.util.Map;

import io.micrometer.observation.ObservationRegistry;
import io.tokenmeter.advisor.internal.UnobservedAdvisor;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The application a benchmark calls through: Spring Boot auto-configuration as an application gets it (Spring AI's
 * {@code ChatClient.Builder}, a Micrometer registry, and tokenmeter unless the variant turns it off) around the
 * {@link OpenAiLikeChatModel} stub.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class BenchmarkApplication {

	@Bean
	@ConditionalOnBooleanProperty(name = "benchmark.model.observed", havingValue = false, matchIfMissing = true)
	OpenAiLikeChatModel chatModel() {
		return new OpenAiLikeChatModel();
	}

	/** Model-level variants only: the stub wrapped in Spring AI's chat-model observation, as real models are. */
	@Bean
	@ConditionalOnBooleanProperty("benchmark.model.observed")
	ObservingChatModel observedChatModel(ObjectProvider<ObservationRegistry> observations) {
		return new ObservingChatModel(new OpenAiLikeChatModel(), observations.getIfUnique(() -> ObservationRegistry.NOOP));
	}

	/**
	 * Control variant only: Spring AI does not observe the do-nothing advisor, as it does not observe tokenmeter's
	 * (so the control differs from the metered variant by tokenmeter's own work alone).
	 */
	@Bean
	@ConditionalOnBooleanProperty("benchmark.pass-through.unobserved")
	UnobservedAdvisor passThroughUnobserved() {
		return new UnobservedAdvisor(PassThroughAdvisor.NAME);
	}

	/** Starts the application with the variant's properties; the caller closes it. */
	static ConfigurableApplicationContext start(Variant variant) {
		return new SpringApplicationBuilder(BenchmarkApplication.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(Map.of("logging.level.root", "WARN"))
			.properties(variant.properties())
			.run();
	}

	/** A {@code ChatClient} built from the auto-configured builder, as application code builds one. */
	static ChatClient chatClient(ConfigurableApplicationContext context) {
		return context.getBean(ChatClient.Builder.class).build();
	}

}
