package io.tokenmeter.core.pricing;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Random;

import io.tokenmeter.core.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The long-arithmetic pricing path must give exactly what summing in BigDecimal gives: value and scale. */
class CompactRateTests {

	@Test
	void givesTheBigDecimalSumToTheLastDigitAndScale() {
		Random random = new Random(42);
		for (int i = 0; i < 20_000; i++) {
			ModelRate rate = new ModelRate(randomRate(random), randomRate(random), randomRate(random),
					randomRate(random), randomRate(random), randomRate(random));
			long output = random.nextInt(3) == 0 ? 0 : random.nextInt(200_000);
			TokenUsage usage = TokenUsage.of(tokens(random), tokens(random), tokens(random), tokens(random), output,
					output == 0 ? 0 : random.nextLong(output + 1));
			BigDecimal compact = CompactRate.of(rate).cost(usage);
			assertThat(compact).as("%s × %s", usage, rate).isEqualTo(CostCalculator.sum(usage, rate));
		}
	}

	@Test
	void pricesTheStubCallExactly() {
		// 400 uncached × $2.50/M + 800 cached × $1.25/M + 350 out × $10/M (reasoning billed as output)
		ModelRate gpt4o = ModelRate.of(new BigDecimal("2.50"), new BigDecimal("10.00"), new BigDecimal("1.25"), null,
				null, null);
		BigDecimal cost = new CostCalculator(Map.of()).cost(TokenUsage.of(400, 800, 0, 0, 350, 128),
				ModelPrice.of("gpt-4o", gpt4o), null);
		assertThat(cost).isEqualTo(new BigDecimal("0.00550000"));
	}

	@Test
	void declinesWhatDoesNotFitInALongSoTheCallerSumsInBigDecimal() {
		ModelRate huge = ModelRate.of("92233720368547758.07", "1");
		assertThat(CompactRate.of(huge).cost(TokenUsage.of(1, 0, 0, 0, 1, 0))).isNull();
		ModelRate large = ModelRate.of("9000000000000", "1");
		TokenUsage many = TokenUsage.of(2_000_000, 0, 0, 0, 0, 0);
		assertThat(CompactRate.of(large).cost(many)).isNull();
		assertThat(new CostCalculator(Map.of()).cost(many, ModelPrice.of("large", large), null))
			.isEqualByComparingTo("18000000000000"); // 2,000,000 in × $9,000,000,000,000/M
	}

	private static long tokens(Random random) {
		return random.nextInt(3) == 0 ? 0 : random.nextInt(2_000_000);
	}

	private static BigDecimal randomRate(Random random) {
		int scale = random.nextInt(7);
		return BigDecimal.valueOf(random.nextInt(100_000), scale);
	}

}
