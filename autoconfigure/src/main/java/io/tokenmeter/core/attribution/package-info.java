/**
 * Who a call is for: {@link io.tokenmeter.core.attribution.CallAttribution} and the {@link
 * io.tokenmeter.core.attribution.LlmCallAttributor} extension point.
 */
@NullMarked
package io.tokenmeter.core.attribution;

import org.jspecify.annotations.NullMarked;
