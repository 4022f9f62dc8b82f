package io.otp4j.task;

/**
 * What an async stream runs for each item, each call in a task of its own.
 *
 * @param <T> the items
 * @param <R> the values
 */
@FunctionalInterface
public interface TaskFunction<T, R> {

    /**
     * Computes the value for one item, in the item's task.
     *
     * @param item one of the stream's items
     * @return the value; must not be null
     * @throws Exception anything: the task crashes with it
     */
    R apply(T item) throws Exception;
}
