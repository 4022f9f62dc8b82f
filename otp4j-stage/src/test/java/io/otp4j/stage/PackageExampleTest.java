package io.otp4j.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.NoCall;
import io.otp4j.genserver.NoCast;
import io.otp4j.process.Node;
import io.otp4j.testkit.OtpTest;
import java.util.List;
import java.util.stream.Stream;

/** The package documentation's pipeline, run as written. */
class PackageExampleTest {

    @OtpTest
    void counterDoublerStream(Node node) {
        // @start region="pipeline"
        StageRef<NoCall, NoCast> counter = GenStage.start(node, new Counter());
        StageRef<NoCall, NoCast> doubler = GenStage.start(node, new Doubler());
        GenStage.subscribe(doubler, counter);
        try (Stream<Integer> doubled =
                GenStage.stream(doubler, SubscribeOptions.defaults().withMaxDemand(10))) {
            List<Integer> first = doubled.limit(5).toList();
            // @replace regex="assertThat.*" replacement="// [0, 2, 4, 6, 8]":
            assertThat(first).containsExactly(0, 2, 4, 6, 8);
        }
        // @end
    }
}
