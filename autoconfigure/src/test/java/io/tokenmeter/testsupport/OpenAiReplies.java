package io.tokenmeter.testsupport;

import java.util.List;

import okhttp3.mockwebserver.MockResponse;

/**
 * Chat-completion responses as OpenAI's API sends them (field for field, from captured traffic of
 * {@code POST /v1/chat/completions}), for replaying to the real Spring AI OpenAI client.
 */
public final class OpenAiReplies {

	private static final String HEAD = """
			"id":"chatcmpl-CLf3wYqVg5sE1nH8xA0b2tPzKq9Rm","created":1758879142,"model":"%s",\
			"service_tier":"default","system_fingerprint":"fp_cbf1785567\"""";

	private OpenAiReplies() {
	}

	/** A usage object: prompt (cached included) and completion (reasoning included) tokens. */
	public static String usage(int prompt, int cached, int completion, int reasoning) {
		return """
				{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d,\
				"prompt_tokens_details":{"cached_tokens":%d,"audio_tokens":0},\
				"completion_tokens_details":{"reasoning_tokens":%d,"audio_tokens":0,\
				"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}"""
			.formatted(prompt, completion, prompt + completion, cached, reasoning);
	}

	/** A non-streamed completion with one text choice. */
	public static MockResponse completion(String model, String content, String finishReason, String usage) {
		String body = """
				{%s,"object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant",\
				"content":"%s","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"%s"}],\
				"usage":%s}""".formatted(HEAD.formatted(model), content, finishReason, usage);
		return json(body);
	}

	/** A non-streamed completion asking for one function call. */
	public static MockResponse toolCall(String model, String callId, String function, String argumentsJson,
			String usage) {
		String arguments = argumentsJson.replace("\"", "\\\"");
		String body = """
				{%s,"object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant",\
				"content":null,"tool_calls":[{"id":"%s","type":"function","function":{"name":"%s",\
				"arguments":"%s"}}],"refusal":null,"annotations":[]},"logprobs":null,\
				"finish_reason":"tool_calls"}],"usage":%s}"""
			.formatted(HEAD.formatted(model), callId, function, arguments, usage);
		return json(body);
	}

	/**
	 * A streamed completion: a role chunk, one chunk per piece of text, a finish chunk, then (when {@code usage}
	 * is not null, as with {@code stream_options.include_usage}) a last chunk without choices carrying the usage,
	 * and {@code [DONE]}. Content chunks carry {@code "usage":null} exactly as OpenAI sends them when usage was
	 * requested.
	 */
	public static MockResponse stream(String model, List<String> pieces, String finishReason, String usage) {
		String head = HEAD.formatted(model);
		StringBuilder sse = new StringBuilder();
		String usageField = usage != null ? ",\"usage\":null" : "";
		sse.append(event("{%s,\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":"
				+ "\"assistant\",\"content\":\"\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}]%s}",
				head, usageField));
		for (String piece : pieces) {
			sse.append(event("{%s,\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
					+ "{\"content\":\"" + piece + "\"},\"logprobs\":null,\"finish_reason\":null}]%s}", head,
					usageField));
		}
		sse.append(event("{%s,\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
				+ "\"logprobs\":null,\"finish_reason\":\"" + finishReason + "\"}]%s}", head, usageField));
		if (usage != null) {
			sse.append(event("{%s,\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":" + usage + "}", head,
					""));
		}
		sse.append("data: [DONE]\n\n");
		return new MockResponse().setHeader("Content-Type", "text/event-stream; charset=utf-8").setBody(sse.toString());
	}

	/** An API error as OpenAI sends it. */
	public static MockResponse serverError() {
		return new MockResponse().setResponseCode(500)
			.setHeader("Content-Type", "application/json")
			.setBody("""
					{"error":{"message":"The server had an error while processing your request. Sorry about that!",\
					"type":"server_error","param":null,"code":null}}""");
	}

	private static String event(String template, String head, String usageField) {
		return "data: " + template.formatted(head, usageField) + "\n\n";
	}

	private static MockResponse json(String body) {
		return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
	}

}
