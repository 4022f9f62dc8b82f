package io.otp4j.cache;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A removal listener for tests: records what it hears, and on which thread, for bounded waits. */
final class Removals<K, V> implements RemovalListener<K, V> {

    /** One removal as heard. */
    record Removal<K, V>(K key, V value, RemovalCause cause, Thread thread) {}

    private final BlockingQueue<Removal<K, V>> heard = new LinkedBlockingQueue<>();

    @Override
    public void onRemoval(K key, V value, RemovalCause cause) {
        heard.add(new Removal<>(key, value, cause, Thread.currentThread()));
    }

    /** {@return the next removal heard, waiting at most 5 seconds for it} */
    Removal<K, V> next() throws InterruptedException {
        Removal<K, V> removal = heard.poll(5, TimeUnit.SECONDS);
        if (removal == null) {
            throw new AssertionError("no removal was heard within 5 seconds");
        }
        return removal;
    }

    /** {@return whether no removal is heard within {@code wait}} */
    boolean none(Duration wait) throws InterruptedException {
        return heard.poll(wait.toNanos(), TimeUnit.NANOSECONDS) == null;
    }

    /** {@return how many removals have been heard and not yet taken} */
    int pending() {
        return heard.size();
    }
}
