/**
 * Per-call cost alerts: the thresholds, the check after pricing, and the {@code CallCostAlertEvent} users consume.
 */
@NullMarked
package io.tokenmeter.core.alert;

import org.jspecify.annotations.NullMarked;
