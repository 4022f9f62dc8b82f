package io.otp4j.cluster;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Rendezvous hashing over FNV-1a, mixed by the finaliser of MurmurHash3. */
enum RendezvousPlacement implements Placement {
    INSTANCE;

    @Override
    public String place(String childId, List<String> nodes) {
        byte[] id = childId.getBytes(StandardCharsets.UTF_8);
        String best = nodes.get(0);
        long bestWeight = weight(best, id);
        for (int i = 1; i < nodes.size(); i++) {
            String node = nodes.get(i);
            long weight = weight(node, id);
            if (Long.compareUnsigned(weight, bestWeight) > 0 || (weight == bestWeight && node.compareTo(best) < 0)) {
                best = node;
                bestWeight = weight;
            }
        }
        return best;
    }

    static long weight(String node, byte[] id) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : node.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        hash = (hash ^ 0xff) * 0x100000001b3L; // a separator no UTF-8 byte equals
        for (byte b : id) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        hash ^= hash >>> 33;
        return hash;
    }

    @Override
    public String toString() {
        return "Placement.rendezvous()";
    }
}
