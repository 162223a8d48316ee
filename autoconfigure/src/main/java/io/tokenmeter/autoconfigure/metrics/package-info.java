/**
 * Auto-configuration of the Micrometer meters ({@code llm.*}, {@code tokenmeter.errors}).
 */
@NullMarked
package io.tokenmeter.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
