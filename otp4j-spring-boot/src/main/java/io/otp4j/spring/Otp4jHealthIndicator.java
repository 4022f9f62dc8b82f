package io.otp4j.spring;

import io.otp4j.process.Node;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The actuator's view of otp4j ({@code /actuator/health/otp4j}): UP while the node is open and every supervision
 * tree's root supervisor is alive and within its restart intensity; DOWN otherwise. Its details: the node's name,
 * how many processes are alive, and per tree whether it is alive, its restarts within its period against its
 * intensity, and its children running.
 *
 * <p>A supervisor that exceeds its intensity shuts down, so a tree that is DOWN for that reason stays DOWN: the
 * application decides what to do (a restart of the instance, typically), as OTP leaves it to the next level up.
 */
public final class Otp4jHealthIndicator implements HealthIndicator {

    private final SupervisionTrees trees;

    /** An indicator of {@code trees} and their node. */
    public Otp4jHealthIndicator(SupervisionTrees trees) {
        this.trees = Objects.requireNonNull(trees, "trees");
    }

    @Override
    public Health health() {
        Node node = trees.node();
        boolean up = !node.isClosed();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("node", node.name());
        details.put("processes", node.processCount());
        Map<String, Object> perTree = new LinkedHashMap<>();
        for (TreeStatus t : trees.status()) {
            up &= t.healthy();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("alive", t.alive());
            d.put("restarts", t.restarts() + " of " + t.intensity() + " within " + t.period());
            d.put("children", t.activeChildren() + " of " + t.children() + " running");
            perTree.put(t.name(), d);
        }
        details.put("trees", perTree);
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }
}
