/**
 * Auto-configuration of the model-level metering path.
 */
@NullMarked
package io.tokenmeter.autoconfigure.model;

import org.jspecify.annotations.NullMarked;
