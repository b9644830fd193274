/**
 * The byte-accumulation engine: {@link dev.weft.buffer.ChunkList} holds a byte sequence as a list
 * of heap or direct chunks that are never re-copied, {@link dev.weft.buffer.ChunkGrowth} sizes the
 * next chunk, and {@link dev.weft.buffer.ChunkPool} reuses released chunks across connections.
 * weft-testing's {@code AccumulatingProtocol} and the {@code weft sink} command are built on it.
 */
@NullMarked
package dev.weft.buffer;

import org.jspecify.annotations.NullMarked;
