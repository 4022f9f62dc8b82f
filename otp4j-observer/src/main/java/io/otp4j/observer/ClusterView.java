package io.otp4j.observer;

import io.otp4j.cluster.Cluster;
import io.otp4j.cluster.ClusterStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The cluster page's rows: this node, each member it is connected to, and each member it saw before and no longer
 * reaches. Kept apart from the rest of the observer, so that otp4j-cluster is loaded only for a node that gave
 * its cluster to the observer.
 */
final class ClusterView implements Supplier<List<Map<String, Object>>> {

    private final Cluster cluster;
    private final Set<String> seen = new TreeSet<>();

    ClusterView(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public synchronized List<Map<String, Object>> get() {
        List<Map<String, Object>> rows = new ArrayList<>();
        ClusterStats stats = cluster.stats();
        rows.add(row(
                cluster.node().name(),
                "this node",
                "frames sent " + stats.framesSent() + ", received " + stats.framesReceived() + ", bad "
                        + stats.badFrames() + ", refused " + stats.outboundRejected()));
        Set<String> members = cluster.nodes();
        seen.addAll(members);
        for (String node : seen) {
            rows.add(row(node, members.contains(node) ? "connected" : "down", ""));
        }
        return rows;
    }

    private static Map<String, Object> row(String node, String state, String detail) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("node", node);
        row.put("state", state);
        row.put("detail", detail);
        return row;
    }
}
