package io.otp4j.cluster;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jgroups.Address;
import org.jgroups.View;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.stack.MembershipChangePolicy;

/**
 * The coordinator's rule for the next view (JGroups' {@link MembershipChangePolicy}): JGroups' own, except that an
 * address that has left a view never joins again.
 *
 * <p>A joining channel repeats its join request when no answer comes within the join timeout (half a second here),
 * so on a busy machine the coordinator may hold a second request from a member that has joined meanwhile. JGroups
 * answers such a request with the current view while the member is in it; but if the member leaves first and the
 * stale request is handled after its leave, JGroups adds the departed address again, and every member sees the
 * node up for the seconds until failure detection drops it: a node-up for a closed node, a ghost that takes its
 * name from a restarted node (whose join is then refused), a member that placements and process groups count.
 *
 * <p>An address is one life of one channel: a node that joins again comes with a new one, and a member cut off by
 * a partition comes back in a merge, which this policy leaves to JGroups. So a join from an address that has left
 * can only be such a stale request, and is dropped. The addresses that left are learnt from the leavers and
 * suspects the coordinator removes itself, and from every view this node installs (so that a member that becomes
 * coordinator knows them too). The newest {@value #REMEMBERED} are kept; a stale request outlives its leave by far
 * less than that many departures.
 */
final class Departures implements MembershipChangePolicy {

    static final int REMEMBERED = 4_096;

    private final MembershipChangePolicy standard = new GMS.DefaultMembershipPolicy();

    // Guarded by this. Insertion order, so that the oldest departure is the first forgotten.
    private final Map<Address, Boolean> left = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Address, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    // Guarded by this: the members of the view installed last, to see who left in the next.
    private List<Address> lastMembers = List.of();

    /** Notes who left between the view installed before and {@code view}; a member back in it (a merge) is kept. */
    synchronized void installed(View view) {
        List<Address> members = view.getMembers();
        for (Address member : lastMembers) {
            if (!members.contains(member)) {
                left.put(member, Boolean.TRUE);
            }
        }
        members.forEach(left::remove);
        lastMembers = List.copyOf(members);
    }

    /** {@return whether {@code address} has left a view of this node's} */
    synchronized boolean hasLeft(Address address) {
        return left.containsKey(address);
    }

    @Override
    public List<Address> getNewMembership(
            Collection<Address> current,
            Collection<Address> joiners,
            Collection<Address> leavers,
            Collection<Address> suspects) {
        List<Address> stay;
        List<Address> fresh;
        synchronized (this) {
            leavers.forEach(a -> left.put(a, Boolean.TRUE));
            suspects.forEach(a -> left.put(a, Boolean.TRUE));
            // JGroups' current members include the joiners it has taken before, even those this policy dropped
            // from the view: a departed address that the installed view does not hold stays out.
            stay = current.stream()
                    .filter(a -> !left.containsKey(a) || lastMembers.contains(a))
                    .toList();
            fresh = joiners.stream().filter(a -> !left.containsKey(a)).toList();
        }
        return standard.getNewMembership(stay, fresh, leavers, suspects);
    }

    @Override
    public List<Address> getNewMembership(Collection<Collection<Address>> subviews) {
        return standard.getNewMembership(subviews); // a merge: members cut off by a partition come back here
    }
}
