/**
 * The byte-accumulation engine: start at {@link dev.weft.buffer.ChunkList}; {@link dev.weft.buffer.ChunkPool} reuses
 * released chunks across connections.
 */
@NullMarked
package dev.weft.buffer;

import org.jspecify.annotations.NullMarked;
