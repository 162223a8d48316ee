package io.tokenmeter.sample.chat;

import java.math.BigDecimal;

/**
 * The assistant's answer.
 *
 * @param reply the answer text
 * @param model the model that answered, as the provider named it (e.g. {@code gpt-4o-2024-08-06})
 * @param cost what the call cost in USD as tokenmeter priced it; null when the model has no price
 */
public record ChatReply(String reply, String model, BigDecimal cost) {
}
