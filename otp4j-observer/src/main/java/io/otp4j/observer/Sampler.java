package io.otp4j.observer;

import io.otp4j.process.Node;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Samples the overview's figures at a fixed pace on a virtual thread of its own: processes, mailbox totals,
 * messages handled per second and supervisor restarts seen. The last 300 samples are kept for pages that open
 * late; every new one goes to the pages that follow the overview.
 */
final class Sampler implements AutoCloseable {

    private final Node node;
    private final Duration every;
    private final Supervision supervision;
    private final Feed<Map<String, Object>> feed = new Feed<>(300);
    private volatile boolean running = true;
    private Thread thread = Thread.ofVirtual().unstarted(() -> {});

    Sampler(Node node, Duration every, Supervision supervision) {
        this.node = node;
        this.every = every;
        this.supervision = supervision;
    }

    Feed<Map<String, Object>> feed() {
        return feed;
    }

    void start() {
        thread = Thread.ofVirtual().name("otp4j-observer-sampler").start(this::run);
    }

    private void run() {
        long lastHandled = -1;
        long lastAt = System.nanoTime();
        int tick = 0;
        while (running && !node.isClosed()) {
            long[] sums = new long[3];
            node.view().forEach(s -> {
                sums[0]++;
                sums[1] += s.mailboxLength();
                sums[2] += s.messagesHandled();
            });
            long now = System.nanoTime();
            double seconds = Math.max(1e-3, (now - lastAt) / 1e9);
            // Handled counts of processes that exited leave the sum, so a rate can dip below zero: show 0.
            double rate = lastHandled < 0 ? 0 : Math.max(0, (sums[2] - lastHandled) / seconds);
            lastHandled = sums[2];
            lastAt = now;
            long restarts = supervision.poll(tick++ % 10 == 0);
            Map<String, Object> sample = new LinkedHashMap<>();
            sample.put("at", System.currentTimeMillis());
            sample.put("processes", sums[0]);
            sample.put("mailboxTotal", sums[1]);
            sample.put("messagesPerSecond", Math.round(rate * 10) / 10.0);
            sample.put("restarts", restarts);
            feed.append(sample);
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        feed.close();
    }
}
