/**
 * The call pricer (model-to-price resolution cached per model id), the model-id forms, the unpriced-model log and
 * the tokenizer usage estimate.
 * <p>
 * Not API: public only so that tokenmeter's own packages and its auto-configuration can reach them; may change
 * or disappear without notice in any release.
 */
@NullMarked
package io.tokenmeter.core.pricing.internal;

import org.jspecify.annotations.NullMarked;
