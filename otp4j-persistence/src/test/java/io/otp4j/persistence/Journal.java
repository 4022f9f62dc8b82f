package io.otp4j.persistence;

import io.otp4j.genserver.Call;
import io.otp4j.process.ExitReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An event-sourced server for the tests: the list of the lines written to it, one event per line. Its durable
 * casts either write a line or store nothing; every cast it handles is also noted outside its state ({@link
 * #handled}), so that a cast handled twice shows even when it stores nothing. One instance serves one start.
 */
final class Journal implements EventSourcedServer<List<String>, String, Journal.Request<?>, Journal.Note> {

    sealed interface Request<R> extends Call<R> {}

    /** Writes {@code line}; replies with the number of lines. */
    record Write(String line) implements Request<Integer> {}

    /** Writes {@code line}, replies, then continues by writing {@code then}. */
    record WriteThenContinue(String line, String then) implements Request<Integer> {}

    /** Writes {@code line}, replies, then stops normally. */
    record WriteThenStop(String line) implements Request<Integer> {}

    /** Replies with the lines. */
    record Lines() implements Request<List<String>> {}

    /**
     * A cast: writes {@code line} if {@code stores}, else stores nothing; if {@code continues}, it writes {@code line}
     * then continues by writing "after {@code line}".
     */
    record Note(String line, boolean stores, boolean continues) {
        Note(String line, boolean stores) {
            this(line, stores, false);
        }
    }

    static final Schema<String> EVENTS = Schema.of(1, Codec.text(line -> line, line -> line));

    static final Schema<List<String>> STATES = Schema.of(
            1,
            Codec.text(
                    lines -> String.join("\n", lines), text -> text.isEmpty() ? List.of() : List.of(text.split("\n"))));

    static final Schema<Note> NOTES = Schema.of(
            1,
            Codec.text(
                    note -> (note.continues() ? "c:" : note.stores() ? "w:" : "n:") + note.line(),
                    text -> new Note(text.substring(2), !text.startsWith("n:"), text.startsWith("c:"))));

    /** The casts this instance handled, in order, stored or not. */
    final Queue<String> handled = new ConcurrentLinkedQueue<>();

    /** The reason and the state {@link #terminate} saw, if it ran. */
    final Queue<Object> terminated = new ConcurrentLinkedQueue<>();

    @Override
    public List<String> initialState() {
        return List.of();
    }

    @Override
    public List<String> apply(List<String> lines, String line) {
        List<String> more = new ArrayList<>(lines);
        more.add(line);
        return List.copyOf(more);
    }

    @Override
    public Decision<List<String>, String> handleCall(Request<?> request, List<String> lines) {
        return switch (request) {
            case Write write ->
                Decision.<List<String>, String>persist(write.line()).thenReply(write, List::size);
            case WriteThenContinue write ->
                Decision.<List<String>, String>persist(write.line())
                        .thenReply(write, List::size)
                        .thenContinue(write.then());
            case WriteThenStop write ->
                Decision.<List<String>, String>persist(write.line())
                        .thenReply(write, List::size)
                        .thenStop(ExitReason.normal());
            case Lines all -> Decision.reply(all, lines);
        };
    }

    @Override
    public Decision<List<String>, String> handleCast(Note note, List<String> lines) {
        handled.add(note.line());
        if (note.continues()) {
            return Decision.<List<String>, String>persist(note.line()).thenContinue("after " + note.line());
        }
        return note.stores() ? Decision.persist(note.line()) : Decision.none();
    }

    @Override
    public Decision<List<String>, String> handleContinue(Object argument, List<String> lines) {
        return Decision.persist((String) argument);
    }

    @Override
    public void terminate(ExitReason reason, List<String> lines) {
        terminated.add(reason);
        terminated.add(lines);
    }
}
