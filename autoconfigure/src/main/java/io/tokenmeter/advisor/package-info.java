/**
 * The {@code ChatClient} entry point: {@link io.tokenmeter.advisor.TokenMeterAdvisor}, the only class on the hot
 * path that sees the ChatClient API, a thin adapter over the core's call lifecycle. {@link
 * io.tokenmeter.advisor.CallCostEstimate} is the extension point for what an enforced budget reserves.
 */
@NullMarked
package io.tokenmeter.advisor;

import org.jspecify.annotations.NullMarked;
