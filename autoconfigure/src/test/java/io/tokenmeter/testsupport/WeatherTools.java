package io.tokenmeter.testsupport;

import org.springframework.ai.tool.annotation.Tool;

/** The tool of the tool-calling end-to-end tests: always sunny. */
public class WeatherTools {

	/** What the structured-output tests ask the model to answer with. */
	public record Forecast(String city, int celsius) {
	}

	@Tool(description = "Current weather in a city")
	public String currentWeather(String city) {
		return "18°C, sunny";
	}

}
