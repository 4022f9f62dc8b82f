package io.otp4j.spring;

import io.otp4j.process.Node;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The actuator's view of otp4j ({@code /actuator/health/otp4j}): UP while the node is open and every supervision
 * tree is within its restart intensity, nested supervisors included; DOWN otherwise. It walks each tree down from
 * its root through every supervisor below it (child, dynamic and partition supervisors). Its details: the node's
 * name, how many processes are alive, and per tree whether it is alive, its root's restarts within its period
 * against its intensity, its children running, every supervisor of the tree (path, pid, registered name, restarts
 * within the period, times its parent restarted it), and by path, pid and name the supervisors {@code over} their
 * intensity (a nested supervisor its parent restarted within the period had exceeded its own) and {@code near}
 * it (a root one restart away from shutting down).
 *
 * <p>A supervisor that exceeds its intensity shuts down, so a tree that is DOWN for that reason stays DOWN: the
 * application decides what to do (a restart of the instance, typically), as OTP leaves it to the next level up.
 */
public final class Otp4jHealthIndicator implements HealthIndicator {

    private final SupervisionTrees trees;

    /**
     * An indicator of {@code trees} and their node.
     *
     * @param trees the trees it reports on, and their node; not null
     */
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
            d.put(
                    "supervisors",
                    t.supervisors().stream().map(Otp4jHealthIndicator::details).toList());
            d.put("over", t.over().stream().map(SupervisorStatus::describe).toList());
            d.put("near", t.near().stream().map(SupervisorStatus::describe).toList());
            perTree.put(t.name(), d);
        }
        details.put("trees", perTree);
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }

    private static Map<String, Object> details(SupervisorStatus s) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("path", s.path());
        d.put("pid", s.pid());
        d.put("name", s.name());
        d.put("restarts", s.restarts() + " of " + s.intensity() + " within " + s.period());
        d.put("restartedByParent", s.restartedByParent());
        d.put("children", s.activeChildren() + " of " + s.children() + " running");
        return d;
    }
}
