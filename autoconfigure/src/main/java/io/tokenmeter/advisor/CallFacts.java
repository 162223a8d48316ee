package io.tokenmeter.advisor;

import java.time.Instant;
import java.util.Map;

import io.tokenmeter.TokenMeter;
import io.tokenmeter.core.attribution.AttributionResolver;
import io.tokenmeter.core.attribution.CallAttribution;
import io.tokenmeter.core.usage.ProviderDetector;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.prompt.ChatOptions;

/**
 * What is known about a call before the model answers: when it started, who it is for, which model and
 * provider the request named (or, when it names none, the chat model's defaults it will run with). Built on the
 * calling thread so thread-bound attribution is visible.
 */
record CallFacts(Instant timestamp, long startNanos, String provider, String requestedModel,
		CallAttribution attribution, String serviceTier) {

	static CallFacts of(ChatClientRequest request, AttributionResolver attribution, ChatModelDefaults defaults,
			Instant timestamp, long startNanos) {
		ChatOptions options = request.prompt().getOptions();
		String provider = ProviderDetector.providerOf(options);
		if (ProviderDetector.UNKNOWN.equals(provider)) {
			provider = defaults.provider();
		}
		String requestedModel = options != null ? options.getModel() : null;
		if (requestedModel == null) {
			requestedModel = defaults.model();
		}
		Map<String, Object> context = request.context();
		CallAttribution resolved = attribution.resolve(text(context.get(TokenMeter.AGENT)),
				text(context.get(TokenMeter.USER)), text(context.get(TokenMeter.SESSION)));
		return new CallFacts(timestamp, startNanos, provider, requestedModel, resolved,
				text(context.get(TokenMeter.SERVICE_TIER)));
	}

	private static String text(Object value) {
		return value == null ? null : value.toString();
	}

}
