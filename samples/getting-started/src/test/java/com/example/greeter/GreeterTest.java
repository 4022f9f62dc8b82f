package com.example.greeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.otp4j.genserver.ServerExitedException;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.supervisor.Supervisor;
import io.otp4j.testkit.ManualClock;
import io.otp4j.testkit.OtpTest;
import io.otp4j.testkit.TestProbe;
import org.junit.jupiter.api.Test;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

class GreeterTest {

    @OtpTest // each test gets its own node, closed after it
    void greetsAndCounts(Node node) {
        GreeterApp.startTree(node);
        Greeter greeter = Greeter.on(node);

        assertEquals("Hello, Ada! (greeting 1 this minute)", greeter.greet("Ada"));
        assertEquals("Hello, Alan! (greeting 2 this minute)", greeter.greet("Alan"));
    }

    @OtpTest // asking for a ManualClock runs the node on it: timers fire when the test moves time
    void theCountStartsAgainEachMinute(Node node, ManualClock clock) {
        GreeterApp.startTree(node);
        Greeter greeter = Greeter.on(node);
        greeter.greet("Ada");

        clock.advance(Greeter.WINDOW); // the server's timer fires now, not in a minute

        assertEquals("Hello, Grace! (greeting 1 this minute)", greeter.greet("Grace"));
    }

    @OtpTest
    void theSupervisorRestartsACrashedGreeter(Node node) {
        Supervisor tree = GreeterApp.startTree(node);
        Greeter greeter = Greeter.on(node);
        greeter.greet("Ada");
        Pid crashed = node.whereis(Greeter.NAME).orElseThrow();
        TestProbe probe = TestProbe.spawn(node);
        probe.watch(crashed);

        assertThrows(ServerExitedException.class, () -> greeter.greet(" ")); // a blank name crashes it
        probe.expectDown(crashed);
        // The supervisor had the exit signal before the probe had its Down (links fire before monitors), so it
        // answers this call after it has restarted the greeter.
        Pid restarted = tree.whichChildren().get(0).pid().orElseThrow();

        assertNotEquals(crashed, restarted);
        assertEquals("Hello, Ada! (greeting 1 this minute)", greeter.greet("Ada")); // same name, fresh state
    }

    @Test
    void theApplicationGreetsAndShutsDown() {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            GreeterApp.main(new String[] {"Ada", "Grace"});
        } finally {
            System.setOut(out);
        }
        assertEquals(
                "Hello, Ada! (greeting 1 this minute)\nHello, Grace! (greeting 2 this minute)\n",
                printed.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }
}
