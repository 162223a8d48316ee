package io.tokenmeter.advisor.internal;

import org.jspecify.annotations.Nullable;

/**
 * Provider and model a call runs with when its request names neither: those of the application's chat model.
 *
 * @param provider the provider name, or {@code unknown}
 * @param model the default model id, or null
 */
public record ChatModelDefaults(String provider, @Nullable String model) {
}
