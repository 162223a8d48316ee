package io.tokenmeter.sample.chat;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of the chat API: the request size limit. */
@Configuration(proxyBeanMethods = false)
class ChatConfiguration {

	/** Requests larger than this are refused with 400 before they are parsed. */
	static final int MAX_BODY_BYTES = 16 * 1024;

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> chatRequestBodyLimit() {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(MAX_BODY_BYTES));
		registration.addUrlPatterns("/chat", "/chat/*");
		return registration;
	}

}
