/**
 * Auto-configuration of per-call cost alerts ({@code tokenmeter.alerts.*}), registered only when a threshold is set.
 */
@NullMarked
package io.tokenmeter.autoconfigure.alerts;

import org.jspecify.annotations.NullMarked;
