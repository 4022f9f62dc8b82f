package io.otp4j.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.StartException;
import io.otp4j.genserver.StartOptions;
import io.otp4j.genserver.ViaName;
import io.otp4j.process.Node;
import io.otp4j.testing.Within;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The package documentation's example, run as written. */
class PackageExampleTest {

    @Test
    void sessionsByUser() {
        try (Node node = Node.start("sessions")) {
            Registry<String, String> sessions =
                    Registry.start(node, "sessions", RegistryOptions.unique().withPartitions(2));

            // A session server registers itself under its user's key as it starts (Elixir's {:via, Registry, ...}).
            ViaName ada = sessions.via("ada", "web");
            GenServerRef<Session.Request<?>, Session.Message> first =
                    GenServer.start(node, new Session(), StartOptions.defaults().withName(ada));

            // Anyone reaches it by the key; the name is looked up at each request.
            GenServerRef<Session.Request<?>, Session.Message> ref = GenServerRef.via(ada, Session.TYPE);
            ref.cast(new Session.Say("hello"));
            List<String> said = ref.call(new Session.History());
            assertThat(said).containsExactly("hello");

            assertThat(sessions.lookup("ada")).containsExactly(new Entry<>("ada", first.pid(), "web"));
            assertThatThrownBy(() -> GenServer.start(
                            node, new Session(), StartOptions.defaults().withName(ada)))
                    .isInstanceOf(StartException.class)
                    .satisfies(e -> assertThat(((StartException) e).holder()).contains(first.pid()));
            ref.stop(); // its entry goes away with it
            Within.eventually("the entry is gone", () -> sessions.count() == 0);
            assertThat(sessions.lookup("ada")).isEmpty();
        }
    }
}
