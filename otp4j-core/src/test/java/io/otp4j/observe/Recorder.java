package io.otp4j.observe;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An observer that keeps what it is told, with the thread it was told on, for the tests to look at. */
final class Recorder implements ProcessObserver {

    record Seen(Object event, Thread thread) {}

    record Spawned(Pid pid) {}

    record Exited(Pid pid, ExitReason reason) {}

    final List<Seen> seen = new CopyOnWriteArrayList<>();

    @Override
    public void spawned(Pid pid) {
        seen.add(new Seen(new Spawned(pid), Thread.currentThread()));
    }

    @Override
    public void exited(Pid pid, ExitReason reason) {
        seen.add(new Seen(new Exited(pid, reason), Thread.currentThread()));
    }

    @Override
    public void handled(Handled event) {
        seen.add(new Seen(event, Thread.currentThread()));
    }

    @Override
    public void callFinished(CallFinished event) {
        seen.add(new Seen(event, Thread.currentThread()));
    }

    @Override
    public void childRestarted(ChildRestarted event) {
        seen.add(new Seen(event, Thread.currentThread()));
    }

    /** {@return the events of {@code type} seen so far, in order} */
    <T> List<T> all(Class<T> type) {
        return seen.stream()
                .map(Seen::event)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    /** {@return the thread {@code event} was told on} */
    Thread threadOf(Object event) {
        return seen.stream()
                .filter(s -> s.event().equals(event))
                .findFirst()
                .orElseThrow(() -> new AssertionError(event + " was not seen; seen: " + seen))
                .thread();
    }
}
