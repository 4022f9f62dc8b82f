package io.otp4j.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The remote workloads end to end, with the tiniest settings: each system starts its peer JVMs (the server, and one
 * per node-down sample), measures, kills them by their pids and leaves no child process behind.
 */
class RemoteScenariosTest {

    /** 1 ms iterations, no warm-up, 1 measure, 1 node-down sample (after its one warm-up sample). */
    private final Settings tiny = new Settings(Duration.ofMillis(1), 0, 1, 1_000, 50, 1, 5_000);

    /** Children of the failover workload in a test: enough to cross the wire in many frames, quick to start. */
    private static final int FAILOVER_CHILDREN = 300;

    private List<String> run(Callable<RemoteSide> side, String only) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<ProcessHandle> peers;
        try (RemoteSide s = side.call()) {
            new RemoteScenarios(
                            s,
                            new Harness(tiny, new PrintStream(bytes, true, StandardCharsets.UTF_8)),
                            Pattern.compile(only),
                            FAILOVER_CHILDREN)
                    .run();
            peers = ProcessHandle.current().children().toList();
        }
        for (ProcessHandle peer : peers) {
            peer.onExit().get(30, TimeUnit.SECONDS);
        }
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive))
                .as("peers left running")
                .isEmpty();
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static double result(List<String> lines, String workload) {
        String prefix = "RESULT " + workload + " ";
        String line = lines.stream()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no RESULT of " + workload + " in " + lines));
        return Double.parseDouble(line.split(" ")[2]);
    }

    private static void assertAllFour(List<String> lines) {
        assertThat(result(lines, "remote_call_rtt")).isPositive();
        assertThat(result(lines, "remote_call_64")).isPositive();
        assertThat(result(lines, "remote_cast")).isPositive();
        // the kill is counted from, and the driver can only learn of it after
        assertThat(result(lines, "remote_nodedown")).isPositive();
        assertThat(lines.stream().filter(l -> l.startsWith("ITER remote_nodedown ")))
                .hasSize(1);
    }

    @Test
    void otp4jAcrossTwoJvms() throws Exception {
        assertAllFour(run(OtpRemote::new, "remote_"));
    }

    @Test
    void otp4jClusterWorkloadsAcrossTwoJvms() throws Exception {
        List<String> lines = run(OtpRemote::new, "cluster_");
        assertThat(result(lines, "cluster_register")).isPositive();
        assertThat(result(lines, "cluster_lookup")).isPositive();
        assertThat(result(lines, "cluster_join")).isPositive();
        // counted from the kill: the survivor can only restart the children after it
        assertThat(result(lines, "cluster_failover")).isPositive();
        assertThat(lines.stream().filter(l -> l.startsWith("ITER cluster_failover ")))
                .hasSize(1);
    }

    @Test
    void bareJGroupsHasNoClusterWorkloads() throws Exception {
        List<String> lines = run(JGroupsRemote::new, "cluster_");
        assertThat(lines.stream().filter(l -> l.startsWith("RESULT "))).isEmpty();
    }

    @Test
    void bareJGroupsAcrossTwoJvms() throws Exception {
        assertAllFour(run(JGroupsRemote::new, "remote_"));
    }

    @Test
    void bareJGroupsWithKnobsOnBothSides() throws Exception {
        JGroupsKnobs knobs = JGroupsKnobs.parse("threads=platform,bundler=no-bundler,policy=direct,flags=OOB+NO_FC");
        List<String> lines = run(() -> new JGroupsRemote(knobs), "^remote_call_rtt$|^remote_cast$");
        assertThat(result(lines, "remote_call_rtt")).isPositive();
        assertThat(result(lines, "remote_cast")).isPositive();
    }

    @Test
    void knobsParseBackToThemselvesAndBadOnesAreNamed() {
        String spec = "threads=hybrid,bundler=transfer-queue,policy=max,flags=DONT_BUNDLE+OOB";
        JGroupsKnobs knobs = JGroupsKnobs.parse(spec);
        assertThat(knobs.spec()).isEqualTo(spec);
        assertThat(JGroupsKnobs.parse(knobs.spec())).isEqualTo(knobs);
        assertThat(JGroupsKnobs.parse("default")).isEqualTo(JGroupsKnobs.DEFAULT);
        assertThat(JGroupsKnobs.DEFAULT.spec()).isEqualTo("default");
        assertThatThrownBy(() -> JGroupsKnobs.parse("threads=fast"))
                .hasMessageContaining("threads=fast: expected virtual, platform or hybrid");
        assertThatThrownBy(() -> JGroupsKnobs.parse("flags=OOB+SOON"))
                .hasMessageContaining("unknown message flag SOON");
        assertThatThrownBy(() -> JGroupsKnobs.parse("bundler")).hasMessageContaining("knob \"bundler\" has no value");
        assertThatThrownBy(() -> JGroupsKnobs.parse("speed=11")).hasMessageContaining("unknown knob \"speed\"");
        assertThatThrownBy(() -> RemoteScenarios.main(new String[] {"otp4j", "--knobs", "default"}))
                .hasMessageContaining("only bare JGroups takes it");
    }

    @Test
    void theFilterPicksTheWorkloads() throws Exception {
        List<String> lines = run(JGroupsRemote::new, "^remote_cast$");
        assertThat(lines.stream().filter(l -> l.startsWith("RESULT "))).hasSize(1);
        assertThat(result(lines, "remote_cast")).isPositive();
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> RemoteScenarios.main(new String[0])).hasMessageContaining("name the system first");
        assertThatThrownBy(() -> RemoteScenarios.main(new String[] {"pekko"}))
                .hasMessageContaining("unknown system pekko");
        assertThatThrownBy(() -> RemoteScenarios.main(new String[] {"otp4j", "--fast"}))
                .hasMessageContaining("unknown option --fast");
        assertThatThrownBy(() -> RemoteScenarios.main(new String[] {"jgroups", "--only"}))
                .hasMessageContaining("--only needs a value");
        assertThatThrownBy(() -> Peer.option(new String[] {"--name"}, "--name"))
                .hasMessageContaining("missing --name VALUE");
        assertThatThrownBy(() -> OtpPeer.main(new String[0])).hasMessageContaining("no cluster secret in");
    }
}
