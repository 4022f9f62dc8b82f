package io.otp4j.cluster;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jgroups.Address;
import org.jgroups.MergeView;
import org.jgroups.View;
import org.jspecify.annotations.Nullable;

/**
 * What one installed view means to the route: the members by node name from now on, the members it has lost, and
 * those that are up. A member is lost when its name leaves the view, or comes back under another address (a new
 * life of that node: down, then up). After a partition, JGroups installs a MergeView whose subgroups are the views
 * that were merged: a member whose side (its latest subgroup) is not this node's was cut off from it and has seen
 * this node down, so it is lost and up again here too, even if this node never saw it go (only the other side's
 * failure detection fired). Both sides of a split thus see the other down, then up, as Erlang's nodes see a {@code nodedown} and a
 * {@code nodeup} on both ends of a broken connection.
 *
 * @param members the members by node name, without this node
 * @param lost the members (name and the address it had) that are down, each before it is up again if it is in
 *     {@code up}
 * @param up the members that are up: new, back under a new address, or back from the other side of a partition
 */
record ViewChange(Map<String, Address> members, Map<String, Address> lost, Map<String, Address> up) {

    ViewChange {
        members = Map.copyOf(members);
        lost = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lost));
        up = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(up));
    }

    /**
     * Compares {@code view} with the members {@code before}. A name keeps the member it had; a newcomer of a taken
     * name (refused by its own join) is ignored, and so is one of this node's own name or with no known name.
     * Views list the older members first.
     *
     * @param names the node name of an address, or null if it is not known
     */
    static ViewChange of(
            Map<String, Address> before,
            View view,
            Address self,
            String selfName,
            Function<Address, @Nullable String> names) {
        List<Address> all = view.getMembers();
        Map<String, Address> next = new HashMap<>();
        for (Address member : all) {
            String name = names.apply(member);
            if (name != null && member.equals(before.get(name))) {
                next.put(name, member);
            }
        }
        for (Address member : all) {
            String name = names.apply(member);
            if (name != null && !member.equals(self) && !name.equals(selfName)) {
                next.putIfAbsent(name, member);
            }
        }
        Set<Address> apart = view instanceof MergeView merge ? apart(merge, self) : Set.of();
        Map<String, Address> lost = new LinkedHashMap<>();
        before.forEach((name, address) -> {
            if (!address.equals(next.get(name)) || apart.contains(address)) {
                lost.put(name, address);
            }
        });
        Map<String, Address> up = new LinkedHashMap<>();
        next.forEach((name, address) -> {
            if (!address.equals(before.get(name)) || apart.contains(address)) {
                up.put(name, address);
            }
        });
        return new ViewChange(next, lost, up);
    }

    /**
     * {@return the members of {@code merge} that were on another side than {@code self}}. A member's side is the
     * latest subgroup (highest view id) that lists it: a subgroup can be stale, still listing a member that had
     * already left it for a view of its own (when only that member's failure detection fired).
     */
    private static Set<Address> apart(MergeView merge, Address self) {
        View mine = side(merge, self);
        if (mine == null) {
            return Set.of(); // a merge without this node's side tells nothing about who was cut off
        }
        Set<Address> apart = new HashSet<>();
        for (Address member : merge.getMembers()) {
            View theirs = side(merge, member);
            if (theirs != null && !theirs.getViewId().equals(mine.getViewId())) {
                apart.add(member);
            }
        }
        return apart;
    }

    private static @Nullable View side(MergeView merge, Address member) {
        View latest = null;
        for (View subgroup : merge.getSubgroups()) {
            if (subgroup.containsMember(member)
                    && (latest == null || subgroup.getViewId().compareTo(latest.getViewId()) > 0)) {
                latest = subgroup;
            }
        }
        return latest;
    }
}
