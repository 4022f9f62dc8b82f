package io.otp4j.genserver;

import io.otp4j.process.NameTakenException;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A name registered on a node, as the name a {@linkplain GenServerRef#named reference by name} follows: the node's
 * own names seen as a name service, as Erlang's {@code gen_server:call(Name, Request)} looks a local name up.
 */
record LocalName(Node at, String name) implements ViaName {

    LocalName {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public Optional<Pid> register(ProcessContext self) {
        try {
            self.register(name);
            return Optional.empty();
        } catch (NameTakenException e) {
            return Optional.of(e.holder());
        }
    }

    @Override
    public Optional<Pid> whereis() {
        return at.whereis(name);
    }

    /** Names are equal when they are the same name on the same node. */
    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof LocalName that && at == that.at && name.equals(that.name);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(at) * 31 + name.hashCode();
    }

    @Override
    public String toString() {
        return "\"" + name + "\" on node " + at.name();
    }
}
