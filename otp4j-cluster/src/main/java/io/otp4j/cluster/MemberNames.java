package io.otp4j.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jgroups.Address;
import org.jgroups.util.NameCache;
import org.jspecify.annotations.Nullable;

/**
 * The node names of the members' addresses, remembered by the route. JGroups keeps logical names in one cache per
 * JVM and drops a member's name when a view leaves it out: after a partition heals, the MergeView can list members
 * whose names that cache no longer holds (nodes of one JVM even lose each other's names both ways). An address is
 * one channel's life and never changes its name, so the route keeps the names it has seen, the most recently used
 * {@value #REMEMBERED} of them. Not thread-safe: used under the route's view lock.
 */
final class MemberNames {

    /** How many names are kept: far more than the members of any one view. */
    static final int REMEMBERED = 1024;

    private final Map<Address, String> names = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Address, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** {@return the node name of {@code member}}, from JGroups' cache or from memory; null if never known */
    @Nullable
    String of(Address member) {
        String name = NameCache.get(member);
        if (name != null) {
            names.put(member, name);
            return name;
        }
        return names.get(member);
    }
}
