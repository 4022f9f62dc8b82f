package io.otp4j.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.Node;
import io.otp4j.testing.Within;
import org.junit.jupiter.api.Test;

/**
 * The code of {@link Registry}'s class comment, run as written: the {@code @start region} is what its {@code
 * {@snippet}} shows.
 */
class RegistrySnippetsTest {

    record Say(String text) {}

    @Test
    void aRoomByDuplicateKey() {
        try (Node node = Node.start("rooms")) {
            Say heard = Within.inProcess(node, self -> {
                // @start region="rooms"
                Registry<String, String> rooms = Registry.start(node, "rooms", RegistryOptions.duplicate());
                rooms.register(self, "lobby", "ada"); // from the registering process itself
                for (Entry<String, String> e : rooms.lookup("lobby")) {
                    node.send(e.pid(), new Say("hello " + e.value()));
                }
                // @end
                assertThat(rooms.lookup("lobby")).containsExactly(new Entry<>("lobby", self.self(), "ada"));
                return self.receive(Say.class);
            });
            assertThat(heard).isEqualTo(new Say("hello ada")); // the registrant got what the lookup sent it
        }
    }
}
