package io.otp4j.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ScenariosTest {

    private final Settings tiny = new Settings(Duration.ofMillis(1), 0, 2, 1_000, 50, 1, 5_000);

    private List<String> run(String group, String only) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Contender otp4j = new OtpContender()) {
            new Scenarios(
                            otp4j,
                            new Harness(tiny, new PrintStream(bytes, true, StandardCharsets.UTF_8)),
                            Pattern.compile(only))
                    .run(group);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void theFilterPicksTheWorkloads() throws Exception {
        List<String> lines = run("main", "^(call_round_trip|ring)$");
        assertThat(lines.stream().filter(l -> l.startsWith("RESULT ")))
                .hasSize(2)
                .allMatch(l -> l.startsWith("RESULT call_round_trip ") || l.startsWith("RESULT ring "));
        assertThat(lines.stream().filter(l -> l.startsWith("ITER call_round_trip ")))
                .hasSize(2);
    }

    @Test
    void theContendedGroupReportsItsWorkloadsUnderTheirOwnNames() throws Exception {
        List<String> lines = run("contended", "^(call_round_trip|ring)_contended$");
        assertThat(lines.stream().filter(l -> l.startsWith("RESULT ")).map(l -> l.split(" ")[1]))
                .containsExactly("call_round_trip_contended", "ring_contended");
        assertThat(lines.stream().filter(l -> l.startsWith("ITER ")))
                .hasSize(4)
                .allMatch(l -> l.split(" ")[1].endsWith("_contended"));
        // the quiet names select only the main group's workloads
        assertThat(run("contended", "^call_round_trip$")).noneMatch(l -> l.startsWith("RESULT "));
    }

    @Test
    void aMemoryGroupMeasuresOnePopulationOfItsOwnKind() throws Exception {
        List<String> lines = run("memory_hibernated", "");
        assertThat(lines.stream().filter(l -> l.startsWith("RESULT ")))
                .singleElement()
                .satisfies(l -> assertThat(l).matches("RESULT memory_hibernated -?[0-9.]+ B"));
        assertThat(run("main", "memory")).noneMatch(l -> l.startsWith("RESULT "));
    }

    @Test
    void scalingMeasuresWithFewThenWithMany() throws Exception {
        List<String> lines = run("scaling", "scaling");
        assertThat(lines).anyMatch(l -> l.startsWith("RESULT scaling_10 "));
        assertThat(lines).anyMatch(l -> l.startsWith("RESULT scaling_50 "));
        assertThat(lines).anyMatch(l -> l.startsWith("NOTE started 40 idle servers"));
    }

    @Test
    void theFloodPrintsItsAccount() throws Exception {
        List<String> lines = run("flood", "flood");
        assertThat(lines).anyMatch(l -> l.startsWith("FLOOD sent=5000 ") && l.endsWith(" adds_up=true"));
        assertThat(lines).anyMatch(l -> l.startsWith("RESULT flood_heap_growth "));
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> Scenarios.main(new String[0])).hasMessageContaining("name the contender first");
        assertThatThrownBy(() -> Scenarios.main(new String[] {"erlang"}))
                .hasMessageContaining("unknown contender erlang");
        assertThatThrownBy(() -> Scenarios.main(new String[] {"otp4j", "--fast"}))
                .hasMessageContaining("unknown option --fast");
        assertThatThrownBy(() -> Scenarios.main(new String[] {"otp4j", "--only"}))
                .hasMessageContaining("--only needs a value");
        assertThatThrownBy(() -> run("everything", "")).hasMessageContaining("unknown group everything");
    }
}
