package io.otp4j.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.StartException;
import io.otp4j.genserver.StartOptions;
import io.otp4j.genserver.ViaName;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.Within;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The package documentation's example, run as written: each {@code @start region} is what a {@code {@snippet}}
 * of {@code package-info.java} shows.
 */
class PackageExampleTest {

    @Test
    void sessionsByUser() {
        try (Node node = Node.start("sessions")) {
            // @start region="sessions"
            Registry<String, String> sessions =
                    Registry.start(node, "sessions", RegistryOptions.unique().withPartitions(2));

            // A session server registers itself under its user's key as it starts (Elixir's {:via, Registry, ...}).
            ViaName ada = sessions.via("ada", "web");
            GenServerRef<Session.Request<?>, Session.Message> first =
                    GenServer.start(node, new Session(), StartOptions.defaults().withName(ada));

            // Anyone reaches it by the key; the name is looked up at each request.
            GenServerRef<Session.Request<?>, Session.Message> ref = GenServerRef.via(ada, Session.TYPE);
            ref.cast(new Session.Say("hello"));
            List<String> said = ref.call(new Session.History()); // [hello]
            List<Entry<String, String>> entries = sessions.lookup("ada"); // [Entry[key=ada, pid=<first's>, value=web]]
            // @end
            assertThat(said).containsExactly("hello");
            assertThat(entries).containsExactly(new Entry<>("ada", first.pid(), "web"));

            // @start region="taken"
            Optional<Pid> holder;
            try {
                GenServer.start(node, new Session(), StartOptions.defaults().withName(ada));
                holder = Optional.empty();
            } catch (StartException taken) {
                holder = taken.holder(); // the first session: the key is taken
            }
            // @end
            assertThat(holder).contains(first.pid());
            assertThat(sessions.lookup("ada")).containsExactly(new Entry<>("ada", first.pid(), "web"));

            // @start region="gone"
            ref.stop(); // returns once the server is gone
            List<Entry<String, String>> after = sessions.lookup("ada"); // []: its entry went with it
            // @end
            assertThat(after).isEmpty();
            Within.eventually("the entry cleaned up", () -> sessions.count() == 0);
        }
    }
}
