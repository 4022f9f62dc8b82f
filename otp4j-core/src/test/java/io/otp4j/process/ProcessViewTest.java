package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** {@code Node.view()}: light summaries of every process, a look-up by number, and a process's stack. */
class ProcessViewTest {

    record Work(int n) {}

    @Test
    void summariesAgreeWithInfoForEachProcess() {
        try (Node node = Node.start("view-summaries")) {
            CountDownLatch handling = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            Pid busy = node.spawn(self -> {
                self.receive(Work.class);
                handling.countDown();
                finish.await();
            });
            Pid idle = node.spawn(self -> self.receive(String.class));
            node.register("idle", idle);
            node.send(busy, new Work(1));
            node.send(busy, new Work(2));
            node.send(busy, new Work(3));
            Probe.await(handling);
            Probe.await("idle waits", () -> node.info(idle).orElseThrow().status() == ProcessStatus.WAITING);

            List<ProcessSummary> all = new ArrayList<>();
            node.view().forEach(all::add);
            assertThat(all).extracting(ProcessSummary::pid).containsExactlyInAnyOrder(busy, idle);

            ProcessSummary b = node.view().summary(busy).orElseThrow();
            assertThat(b.status()).isEqualTo(ProcessStatus.RUNNING);
            assertThat(b.mailboxLength()).isEqualTo(2);
            assertThat(b.messagesHandled()).isEqualTo(1);
            assertThat(b.currentMessageType()).contains(Work.class);
            assertThat(b.registeredName()).isEmpty();

            ProcessSummary i = node.view().summary(idle).orElseThrow();
            assertThat(i.status()).isEqualTo(ProcessStatus.WAITING);
            assertThat(i.registeredName()).contains("idle");
            assertThat(i.currentMessageType()).isEmpty();

            node.suspend(idle);
            assertThat(node.view().summary(idle).orElseThrow().status()).isEqualTo(ProcessStatus.SUSPENDED);
            node.resume(idle);
            finish.countDown();
        }
    }

    @Test
    void findsALiveProcessByItsNumberOnly() {
        try (Node node = Node.start("view-find")) {
            Pid pid = node.spawn(self -> self.receive());
            assertThat(node.view().find(pid.id())).contains(pid);
            assertThat(node.view().find(pid.id() + 1_000)).isEmpty();
            node.send(pid, "go");
            Probe.await("the process exits", () -> !node.isAlive(pid));
            assertThat(node.view().find(pid.id())).isEmpty();
            assertThat(node.view().summary(pid)).isEmpty();
        }
    }

    @Test
    void theStackOfAProcessShowsWhereItsThreadIs() {
        try (Node node = Node.start("view-stack")) {
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            Pid pid = node.spawn(self -> {
                inside.countDown();
                finish.await();
            });
            Probe.await(inside);
            Probe.await(
                    "the process parks in await",
                    () -> node.view().stack(pid).stream()
                            .anyMatch(frame -> frame.getClassName().equals(CountDownLatch.class.getName())));
            assertThat(node.view().stack(pid))
                    .anyMatch(frame -> frame.getClassName().startsWith(ProcessViewTest.class.getName()));
            finish.countDown();
            Probe.await("the process exits", () -> !node.isAlive(pid));
            assertThat(node.view().stack(pid)).isEmpty();
        }
    }
}
