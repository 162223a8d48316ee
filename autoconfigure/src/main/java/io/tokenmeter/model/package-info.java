/**
 * The model-level entry point: observation handlers that meter calls made on a {@code ChatModel} or {@code
 * EmbeddingModel} directly or through a hand-built client, from Spring AI's model observation contexts (not the
 * ChatClient API). Internal: wired by the auto-configuration.
 */
@NullMarked
package io.tokenmeter.model;

import org.jspecify.annotations.NullMarked;
