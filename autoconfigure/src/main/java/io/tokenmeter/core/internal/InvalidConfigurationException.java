package io.tokenmeter.core.internal;

/**
 * A tokenmeter setting that cannot work, found at startup. Carries the property, what is wrong and what to write
 * instead, so the Spring Boot failure analyzer can print all three; the core stays Spring-free.
 */
public class InvalidConfigurationException extends RuntimeException {

	private final String property;

	private final String problem;

	private final String action;

	/**
	 * @param property the full property name (e.g. {@code tokenmeter.pricing.models[gpt-4o].input})
	 * @param problem what is wrong with it
	 * @param action what to write instead
	 */
	public InvalidConfigurationException(String property, String problem, String action) {
		super(property + ": " + problem);
		this.property = property;
		this.problem = problem;
		this.action = action;
	}

	public String getProperty() {
		return this.property;
	}

	/** @return what is wrong with the property, without its name */
	public String getProblem() {
		return this.problem;
	}

	public String getAction() {
		return this.action;
	}

}
