/**
 * JSON for weft's own tools — the {@code weft} command's {@code --json} lines, the benchmark reports,
 * the Deferred oracle's programs and traces. Not API: it may change in any release, and the module
 * does not export it to users.
 *
 * <p>Start at {@link dev.weft.internal.json.Json}.
 */
@NullMarked
package dev.weft.internal.json;

import org.jspecify.annotations.NullMarked;
