/**
 * The model-level entry point: observation handlers that meter calls made on a {@code ChatModel} or {@code
 * EmbeddingModel} directly or through a hand-built client, from Spring AI's model observation contexts (not the
 * ChatClient API), wired by the auto-configuration.
 * <p>
 * Not API: public only so that tokenmeter's own packages and its auto-configuration can reach them; may change
 * or disappear without notice in any release.
 */
@NullMarked
package io.tokenmeter.model.internal;

import org.jspecify.annotations.NullMarked;
