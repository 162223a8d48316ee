/**
 * tokenmeter: metering of every Spring AI call (latency, tokens, cost, budgets, ledger). {@link
 * io.tokenmeter.TokenMeter} holds the advisor-param keys a caller sets per call.
 */
@NullMarked
package io.tokenmeter;

import org.jspecify.annotations.NullMarked;
