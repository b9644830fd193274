/**
 * JSON for weft's own tools (the {@code weft} command's {@code --json} lines, benchmark reports, the Deferred oracle's
 * traces). Not API: the module does not export it. Start at {@link dev.weft.internal.json.Json}.
 */
@NullMarked
package dev.weft.internal.json;

import org.jspecify.annotations.NullMarked;
