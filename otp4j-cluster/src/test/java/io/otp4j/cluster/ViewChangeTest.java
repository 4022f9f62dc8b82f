package io.otp4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jgroups.Address;
import org.jgroups.MergeView;
import org.jgroups.View;
import org.jgroups.util.UUID;
import org.junit.jupiter.api.Test;

/** What a view means to the route, worked out without a channel: members by name, lost and up. */
class ViewChangeTest {

    private final Map<Address, String> names = new HashMap<>();
    private final Address a = member("a");
    private final Address b = member("b");
    private final Address c = member("c");

    private Address member(String name) {
        Address address = UUID.randomUUID();
        names.put(address, name);
        return address;
    }

    private ViewChange change(Map<String, Address> before, View view) {
        return ViewChange.of(before, view, a, "a", names::get);
    }

    @Test
    void aNewMemberIsUpAndAMemberThatLeftIsLost() {
        ViewChange joined = change(Map.of("b", b), View.create(a, 2, a, b, c));
        assertThat(joined.members()).isEqualTo(Map.of("b", b, "c", c));
        assertThat(joined.lost()).isEmpty();
        assertThat(joined.up()).isEqualTo(Map.of("c", c));

        ViewChange left = change(joined.members(), View.create(a, 3, a, b));
        assertThat(left.members()).isEqualTo(Map.of("b", b));
        assertThat(left.lost()).isEqualTo(Map.of("c", c));
        assertThat(left.up()).isEmpty();
    }

    @Test
    void aNameUnderANewAddressIsANewLifeLostThenUp() {
        Address again = member("c");
        ViewChange change = change(Map.of("b", b, "c", c), View.create(a, 4, a, b, again));
        assertThat(change.members()).isEqualTo(Map.of("b", b, "c", again));
        assertThat(change.lost()).isEqualTo(Map.of("c", c));
        assertThat(change.up()).isEqualTo(Map.of("c", again));
    }

    @Test
    void aSecondMemberOfATakenNameOrOfThisNodesNameOrOfNoKnownNameIsIgnored() {
        Address twin = member("c");
        Address self = member("a");
        Address nameless = UUID.randomUUID();
        ViewChange change = change(Map.of("c", c), View.create(a, 5, a, c, twin, self, nameless));
        assertThat(change.members()).isEqualTo(Map.of("c", c));
        assertThat(change.lost()).isEmpty();
        assertThat(change.up()).isEmpty();
    }

    @Test
    void aMergeOfTwoSidesThatSawEachOtherGoIsUpOnly() {
        View ours = View.create(a, 3, a, b);
        View theirs = View.create(c, 3, c);
        MergeView merge = new MergeView(a, 4, List.of(a, b, c), List.of(ours, theirs));
        ViewChange change = change(Map.of("b", b), merge);
        assertThat(change.members()).isEqualTo(Map.of("b", b, "c", c));
        assertThat(change.lost()).isEmpty();
        assertThat(change.up()).isEqualTo(Map.of("c", c));
    }

    @Test
    void aMemberThatSawThisNodeGoWhileThisNodeKeptItIsLostThenUpAtTheMerge() {
        // c's failure detection removed a and b, theirs did not: a's last view still lists c.
        View stale = View.create(a, 2, a, b, c);
        View cAlone = View.create(c, 3, c);
        MergeView merge = new MergeView(c, 4, List.of(c, a, b), List.of(stale, cAlone));
        ViewChange change = change(Map.of("b", b, "c", c), merge);
        assertThat(change.members()).isEqualTo(Map.of("b", b, "c", c));
        assertThat(change.lost()).isEqualTo(Map.of("c", c));
        assertThat(change.up()).isEqualTo(Map.of("c", c));

        // And on c's side, which saw a and b go, they are only up.
        ViewChange onC = ViewChange.of(Map.of(), merge, c, "c", names::get);
        assertThat(onC.lost()).isEmpty();
        assertThat(onC.up()).isEqualTo(Map.of("a", a, "b", b));
    }
}
