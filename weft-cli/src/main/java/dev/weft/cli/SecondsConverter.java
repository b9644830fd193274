package dev.weft.cli;

import picocli.CommandLine.ITypeConverter;

/**
 * Reads a duration option that must be more than 0 (the timeouts: {@code send --timeout}, {@code sink
 * --idle-timeout}, {@code replay --timeout}, {@code tap --connect-timeout}, {@code tap
 * --idle-timeout}) as nanoseconds, in the syntax every duration option takes
 * ({@link DurationConverter#nanos(String, boolean)}): {@code 30}, {@code 0.5}, {@code 500ms}, {@code
 * 2m}, {@code 1h}, at most a year. A negative, zero or longer duration is refused, never
 * reinterpreted. Pure; thread-safe.
 */
final class SecondsConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        return DurationConverter.nanos(value, false);
    }
}
