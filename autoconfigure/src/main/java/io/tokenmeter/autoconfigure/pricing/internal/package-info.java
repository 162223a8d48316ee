/**
 * The reader of LiteLLM-format price files, shared by the auto-configuration's price catalog and the catalog tool.
 * <p>
 * Not API: public only so that tokenmeter's own packages and its auto-configuration can reach them; may change
 * or disappear without notice in any release.
 */
@NullMarked
package io.tokenmeter.autoconfigure.pricing.internal;

import org.jspecify.annotations.NullMarked;
