package io.otp4j.persistence;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.ServerType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A durable server of the state-snapshot style for the tests: the list of the entries appended to it, in order,
 * so that a lost entry and an entry applied twice both show. Its codec refuses negative entries.
 */
final class Ledger implements DurableGenServer<List<Integer>, Ledger.Request<?>, Ledger.Note> {

    static final ServerType<Request<?>, Note> TYPE = Durable.serverType();

    sealed interface Request<R> extends Call<R> {}

    /** Appends {@code entry}; replies with it once stored. */
    record Append(int entry) implements Request<Integer> {}

    /** Replies with the entries. */
    record Entries() implements Request<List<Integer>> {}

    /** Appends {@code entry}, with no reply. */
    record Note(int entry) {}

    static final Schema<List<Integer>> SCHEMA = Schema.of(
            1,
            Codec.text(
                    entries -> entries.stream()
                            .map(entry -> {
                                if (entry < 0) {
                                    throw new IllegalArgumentException("the ledger cannot encode " + entry);
                                }
                                return entry.toString();
                            })
                            .collect(Collectors.joining(",")),
                    text -> text.isEmpty()
                            ? List.of()
                            : Arrays.stream(text.split(","))
                                    .map(Integer::valueOf)
                                    .toList()));

    static Ledger.Request<Integer> append(int entry) {
        return new Append(entry);
    }

    @Override
    public List<Integer> initialState() {
        return List.of();
    }

    @Override
    public CallResult<List<Integer>> handleCall(Request<?> request, From from, List<Integer> entries) {
        return switch (request) {
            case Append append -> reply(append, append.entry(), with(entries, append.entry()));
            case Entries all -> reply(all, entries, entries);
        };
    }

    @Override
    public Result<List<Integer>> handleCast(Note note, List<Integer> entries) {
        return noReply(with(entries, note.entry()));
    }

    private static List<Integer> with(List<Integer> entries, int entry) {
        List<Integer> more = new ArrayList<>(entries);
        more.add(entry);
        return List.copyOf(more);
    }
}
