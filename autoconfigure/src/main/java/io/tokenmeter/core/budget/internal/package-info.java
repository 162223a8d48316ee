/**
 * The budget tracker (admission, reservations, spend and crossings), its event publisher and the circuit
 * breaker around a shared store.
 * <p>
 * Not API: public only so that tokenmeter's own packages and its auto-configuration can reach them; may change
 * or disappear without notice in any release.
 */
@NullMarked
package io.tokenmeter.core.budget.internal;

import org.jspecify.annotations.NullMarked;
