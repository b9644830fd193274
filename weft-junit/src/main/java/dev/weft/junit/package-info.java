/**
 * JUnit 5 support for weft's testing kit.
 */
@NullMarked
package dev.weft.junit;

import org.jspecify.annotations.NullMarked;
