package io.tokenmeter.core.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ControlCharactersTests {

	@Test
	void aCleanValueIsReturnedAsTheSameInstance() {
		String clean = "user-42@example.com · Zoë";
		assertThat(ControlCharacters.escape(clean)).isSameAs(clean);
	}

	@Test
	void lineBreaksAndTabsAreEscapedAsTheirJavaEscapes() {
		assertThat(ControlCharacters.escape("alice\nWARN forged\r\tend")).isEqualTo("alice\\nWARN forged\\r\\tend");
	}

	@Test
	void otherC0ControlsDelAndC1ControlsAreEscapedAsUnicodeEscapes() {
		assertThat(ControlCharacters.escape("\u001b[31mred\u0007\u0000\u007f\u0085\u009b"))
			.isEqualTo("\\u001b[31mred\\u0007\\u0000\\u007f\\u0085\\u009b");
	}

	@Test
	void unicodeLineAndParagraphSeparatorsAreEscaped() {
		assertThat(ControlCharacters.escape("a\u2028b\u2029c")).isEqualTo("a\\u2028b\\u2029c");
	}

	@Test
	void nullStaysNull() {
		assertThat(ControlCharacters.escape(null)).isNull();
	}

}
