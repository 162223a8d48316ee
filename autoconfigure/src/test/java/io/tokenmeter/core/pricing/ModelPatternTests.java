package io.tokenmeter.core.pricing;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ModelPatternTests {

	@Test
	void overlapIsDecidedExactlyAsTryingEveryShortId() {
		List<String> globs = globs(4);
		List<String> ids = ids(8);
		for (String a : globs) {
			for (String b : globs) {
				ModelPattern first = new ModelPattern(a);
				ModelPattern second = new ModelPattern(b);
				boolean witness = ids.stream().anyMatch(id -> first.matches(id) && second.matches(id));
				assertThat(first.overlaps(second)).as("'%s' overlaps '%s'", a, b).isEqualTo(witness);
			}
		}
	}

	@Test
	void datedSnapshotPatternsOfDifferentModelsDoNotOverlap() {
		assertThat(new ModelPattern("vendor1-model-12-20*").overlaps(new ModelPattern("vendor2-model-12-20*")))
			.isFalse();
		assertThat(new ModelPattern("gpt-4o-20*").overlaps(new ModelPattern("gpt-4o-mini-20*"))).isFalse();
		assertThat(new ModelPattern("gpt-*").overlaps(new ModelPattern("gpt-4o-mini-20*"))).isTrue();
	}

	/** Every glob over {a, b, *} up to the given length, without two stars in a row. */
	private static List<String> globs(int maxLength) {
		List<String> globs = new ArrayList<>();
		extend("", maxLength, "ab*", globs);
		globs.removeIf(glob -> glob.isEmpty() || glob.contains("**"));
		return globs;
	}

	private static List<String> ids(int maxLength) {
		List<String> ids = new ArrayList<>();
		extend("", maxLength, "ab", ids);
		return ids;
	}

	private static void extend(String prefix, int maxLength, String alphabet, List<String> out) {
		out.add(prefix);
		if (prefix.length() == maxLength) {
			return;
		}
		for (char c : alphabet.toCharArray()) {
			extend(prefix + c, maxLength, alphabet, out);
		}
	}

}
