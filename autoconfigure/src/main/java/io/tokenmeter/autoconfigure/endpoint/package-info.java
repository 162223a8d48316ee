/**
 * Auto-configuration of the {@code tokenmeter} actuator endpoints.
 */
@NullMarked
package io.tokenmeter.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
