package io.otp4j.testkit;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.time.Duration;

/** The example of the package documentation ({@code package-info.java}), as it is written there. */
class PackageExampleTest {

    // @start region="example"
    record Ping(Pid from) {}

    record Pong() {}

    // @start region="otptest"
    @OtpTest
    void echoAnswersAndDiesOnKill(Node node) {
        Pid echo = node.spawn(self -> {
            while (true) {
                if (self.receive() instanceof Ping(Pid from)) {
                    self.send(from, new Pong());
                }
            }
        });
        TestProbe probe = TestProbe.spawn(node);

        probe.send(echo, new Ping(probe.pid()));
        probe.expectMessage(new Pong());

        probe.watch(echo);
        node.exit(echo, ExitReason.kill());
        probe.expectDown(echo, ExitReason.killed());
    }
    // @end region="otptest"

    @OtpTest
    void timersFireWhenTheTestMovesTheClock(Node node, ManualClock clock) {
        TestProbe probe = TestProbe.spawn(node);
        node.sendAfter(probe.pid(), Duration.ofSeconds(30), "beat");

        clock.advance(Duration.ofSeconds(29));
        probe.expectNoMessage(Duration.ofMillis(50)); // the one call that waits its whole duration

        clock.advance(Duration.ofSeconds(1));
        probe.expectMessage("beat");
    }
    // @end region="example"
}
