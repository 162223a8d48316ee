/**
 * The Spring-Boot-free core (plain Java, Micrometer, Jackson). Its subpackages follow one call: lifecycle, usage,
 * pricing, budget, metrics and ledger.
 */
@NullMarked
package io.tokenmeter.core;

import org.jspecify.annotations.NullMarked;
