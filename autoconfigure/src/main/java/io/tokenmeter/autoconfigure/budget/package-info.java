/**
 * Auto-configuration of budgets: tracker, store (memory or Redis), alerts and the reservation estimate for
 * enforced budgets.
 */
@NullMarked
package io.tokenmeter.autoconfigure.budget;

import org.jspecify.annotations.NullMarked;
