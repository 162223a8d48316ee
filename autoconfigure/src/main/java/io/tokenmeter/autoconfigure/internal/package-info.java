/**
 * Internal support of the auto-configuration (the property-name tree behind the unknown-property checks). Not API:
 * may change in any release.
 */
@NullMarked
package io.tokenmeter.autoconfigure.internal;

import org.jspecify.annotations.NullMarked;
