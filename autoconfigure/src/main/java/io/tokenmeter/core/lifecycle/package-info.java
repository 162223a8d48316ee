/**
 * One call's lifecycle (begin, then completed, failed or cancelled) and the recorder it ends in; internal: the
 * entry points (advisor, model path) drive it.
 */
@NullMarked
package io.tokenmeter.core.lifecycle;

import org.jspecify.annotations.NullMarked;
