package io.tokenmeter.core.pricing.internal;

/**
 * How a user writes the price of one model in configuration, for every message that asks for one, so that the
 * startup check and the per-call warning suggest the same syntax.
 *
 * <p>Model ids contain dots ({@code gpt-4.1}) and slashes ({@code openai/gpt-4.1}), which Spring Boot's map
 * binding keeps only inside brackets: {@code models[gpt-4.1]} in a {@code .properties} file or on the command line,
 * and a quoted {@code "[gpt-4.1]"} key in YAML (unquoted, YAML reads the brackets as a list).
 */
public final class ModelPriceProperty {

	private ModelPriceProperty() {
	}

	/**
	 * The two ways to price a model, e.g. for {@code gpt-4.1}: {@code tokenmeter.pricing.models[gpt-4.1].input=...}
	 * and {@code .output=...} in a {@code .properties} file, and {@code "[gpt-4.1]": {input: ..., output: ...}}
	 * under {@code tokenmeter.pricing.models} in YAML.
	 * @param model the model id as the provider names it
	 * @return the hint, a sentence fragment without a final full stop
	 */
	public static String howToPrice(String model) {
		return "in application.properties tokenmeter.pricing.models[" + model + "].input=... and "
				+ "tokenmeter.pricing.models[" + model + "].output=...; in application.yml \"[" + model
				+ "]\": {input: ..., output: ...} under tokenmeter.pricing.models (USD per 1M tokens, the id quoted "
				+ "and in brackets)";
	}

}
