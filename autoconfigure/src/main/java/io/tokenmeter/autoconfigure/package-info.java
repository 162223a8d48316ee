/**
 * Spring Boot auto-configuration of tokenmeter: {@link io.tokenmeter.autoconfigure.TokenMeterProperties} (every
 * {@code tokenmeter.*} property) and {@link io.tokenmeter.autoconfigure.TokenMeterAutoConfiguration} (advisor,
 * recorder, lifecycle). Each feature's auto-configuration is in its own subpackage; this package references none
 * of them.
 */
@NullMarked
package io.tokenmeter.autoconfigure;

import org.jspecify.annotations.NullMarked;
