package io.otp4j.table;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a {@link Table#select(java.util.function.BiPredicate, int) select} with a limit: at most the limit's
 * worth of matches, and a continuation when the table may hold more ({@code ets:select/3}'s {@code {Matches,
 * Continuation}}). Pass the continuation to {@link Table#select(SelectContinuation)} for the next page.
 *
 * @param matches the objects matched, in the table's order for an ordered set
 * @param continuation how to go on, or empty when the whole table has been scanned
 * @param <K> the key type
 * @param <V> the value type
 */
public record SelectPage<K, V>(List<Entry<K, V>> matches, Optional<SelectContinuation<K, V>> continuation) {

    /** Copies the matches; checks that neither part is null. */
    public SelectPage {
        matches = List.copyOf(Objects.requireNonNull(matches, "matches"));
        Objects.requireNonNull(continuation, "continuation");
    }

    /** {@return whether a continuation follows} */
    public boolean hasMore() {
        return continuation.isPresent();
    }
}
