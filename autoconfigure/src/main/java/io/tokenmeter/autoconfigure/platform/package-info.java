/**
 * The startup refusal of an unsupported platform (Spring Boot below 4, Spring AI below 2). Everything here runs
 * before auto-configuration on whatever Spring Boot and Spring AI the application has, so it touches only classes
 * that every version of both has, and Spring AI's only by name.
 */
@NullMarked
package io.tokenmeter.autoconfigure.platform;

import org.jspecify.annotations.NullMarked;
