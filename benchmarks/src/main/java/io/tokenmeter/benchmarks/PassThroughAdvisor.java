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
 * An advisor that does nothing, in tokenmeter's place in the chain and, like tokenmeter's, not observed by Spring AI:
 * the control that shows what Spring AI charges for one more advisor (its chain step; for streams, its per-advisor
 * aggregation of every chunk), apart from tokenmeter's own work.
 */
final class PassThroughAdvisor implements CallAdvisor, StreamAdvisor {

	static final String NAME = "PassThroughAdvisor";

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
		return NAME;
	}

	@Override
	public int getOrder() {
		return TokenMeterAdvisor.DEFAULT_ORDER;
	}

}
