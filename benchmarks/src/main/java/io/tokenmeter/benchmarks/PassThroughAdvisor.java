package io.tokenmeter.benchmarks;

import io.tokenmeter.advisor.TokenMeterAdvisor;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import reactor.core.publisher.Flux;

/**
 * An advisor that does nothing, in tokenmeter's place in the chain: the control that shows what Spring AI charges
 * for any advisor (its per-advisor observation and chain step), apart from tokenmeter's own work.
 */
final class PassThroughAdvisor implements CallAdvisor, StreamAdvisor {

	@Override
	public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
		return chain.nextCall(request);
	}

	@Override
	public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
		return chain.nextStream(request);
	}

	@Override
	public String getName() {
		return "PassThroughAdvisor";
	}

	@Override
	public int getOrder() {
		return TokenMeterAdvisor.DEFAULT_ORDER;
	}

}
