package dev.weft.defer;

/**
 * Reports the first failure in a {@link DeferredList} built with {@code fireOnOneErrback}, or in
 * {@link DeferredList#gatherResults}: Twisted's {@code defer.FirstError}.
 *
 * <p>Immutable after construction; thread-safe.
 */
public final class FirstError extends WeftException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // a Failure is not serializable; neither is the rest of a Deferred chain
    private final Failure subFailure;

    private final int index;

    /**
     * Creates the error for a member's failure.
     *
     * @param subFailure the failure of the member
     * @param index the member's position in the list
     */
    public FirstError(Failure subFailure, int index) {
        super("FirstError[#" + index + ", " + subFailure.value() + "]", subFailure.value());
        this.subFailure = subFailure;
        this.index = index;
    }

    /**
     * Returns the failure of the member that failed first.
     *
     * @return the member's own Failure
     */
    public Failure subFailure() {
        return subFailure;
    }

    /**
     * Returns the position of the member that failed first.
     *
     * @return the index in the list given to the DeferredList
     */
    public int index() {
        return index;
    }
}
