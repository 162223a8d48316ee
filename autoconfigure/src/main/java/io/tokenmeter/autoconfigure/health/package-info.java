/**
 * Auto-configuration of the {@code tokenmeter} health contributor.
 */
@NullMarked
package io.tokenmeter.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
