package dev.weft.defer;

/**
 * The first failure of a {@code fireOnOneErrback} {@link DeferredList} or of {@link DeferredList#gatherResults}:
 * Twisted's {@code defer.FirstError}. Thread-safe.
 */
public final class FirstError extends WeftException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // a Failure is not serializable; neither is the rest of a Deferred chain
    private final Failure subFailure;

    private final int index;

    /** Creates the error for the failure of the member at {@code index}. */
    public FirstError(Failure subFailure, int index) {
        super("FirstError[#" + index + ", " + subFailure.value() + "]", subFailure.value());
        this.subFailure = subFailure;
        this.index = index;
    }

    /** {@return the failure of the member that failed first} */
    public Failure subFailure() {
        return subFailure;
    }

    /** {@return the position in the list of the member that failed first} */
    public int index() {
        return index;
    }
}
