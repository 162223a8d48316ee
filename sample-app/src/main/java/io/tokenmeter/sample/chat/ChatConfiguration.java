package io.tokenmeter.sample.chat;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of the chat API: the call-cost listener tokenmeter calls, and the request size limit. */
@Configuration(proxyBeanMethods = false)
class ChatConfiguration {

	/** Requests larger than this are refused with 400 before they are parsed. */
	static final int MAX_BODY_BYTES = 16 * 1024;

	/** An {@code LlmCallListener} bean: tokenmeter hands it every call it records. */
	@Bean
	CallCosts callCosts() {
		return new CallCosts();
	}

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> chatRequestBodyLimit() {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(MAX_BODY_BYTES));
		registration.addUrlPatterns("/chat", "/chat/*");
		return registration;
	}

}
