package io.otp4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jgroups.Address;
import org.jgroups.View;
import org.jgroups.util.UUID;
import org.junit.jupiter.api.Test;

/** The membership policy: an address that left a view joins no more; members come back only through merges. */
class DeparturesTest {

    private final Address a = UUID.randomUUID();
    private final Address b = UUID.randomUUID();
    private final Address c = UUID.randomUUID();
    private final Departures policy = new Departures();

    @Test
    void aLeaverOrASuspectIsRefusedAsAJoinerAndANewcomerIsNot() {
        assertThat(policy.getNewMembership(List.of(a, b, c), List.of(), List.of(b), List.of(c)))
                .containsExactly(a);
        Address newcomer = UUID.randomUUID();
        assertThat(policy.getNewMembership(List.of(a), List.of(b, newcomer, c), List.of(), List.of()))
                .containsExactly(a, newcomer);
    }

    @Test
    void aMemberThatLeftAViewThisNodeInstalledIsRefusedToo() {
        policy.installed(View.create(a, 1, a, b));
        policy.installed(View.create(a, 2, a));
        assertThat(policy.hasLeft(b)).isTrue();
        assertThat(policy.getNewMembership(List.of(a), List.of(b), List.of(), List.of()))
                .containsExactly(a);
    }

    @Test
    void aDepartedJoinerThatJGroupsKeepsAmongTheCurrentMembersStaysOut() {
        policy.installed(View.create(a, 1, a, b));
        policy.installed(View.create(a, 2, a));
        // JGroups counts a joiner it has taken among the current members, even after the policy dropped it.
        assertThat(policy.getNewMembership(List.of(a, b), List.of(b), List.of(), List.of()))
                .containsExactly(a);
        assertThat(policy.getNewMembership(List.of(a, b), List.of(c), List.of(), List.of()))
                .containsExactly(a, c);
    }

    @Test
    void aMemberOfTheInstalledViewThatLeavesNowIsRemovedAsALeaver() {
        policy.installed(View.create(a, 1, a, b, c));
        assertThat(policy.getNewMembership(List.of(a, b, c), List.of(), List.of(b), List.of()))
                .containsExactly(a, c);
        assertThat(policy.hasLeft(b)).isTrue();
    }

    @Test
    void aMergeBringsBackAMemberCutOffByAPartition() {
        policy.installed(View.create(a, 1, a, b));
        policy.installed(View.create(a, 2, a));
        assertThat(policy.getNewMembership(List.of(List.of(a), List.of(b)))).containsExactlyInAnyOrder(a, b);
        policy.installed(View.create(a, 3, a, b));
        assertThat(policy.hasLeft(b)).as("back in a view").isFalse();
    }

    @Test
    void theNewestDeparturesAreKept() {
        List<Address> gone = new ArrayList<>();
        for (int i = 0; i < Departures.REMEMBERED + 1; i++) {
            gone.add(UUID.randomUUID());
        }
        gone.forEach(g -> policy.getNewMembership(List.of(a, g), List.of(), List.of(g), List.of()));
        assertThat(policy.hasLeft(gone.get(0))).as("the oldest").isFalse();
        assertThat(policy.hasLeft(gone.get(1))).isTrue();
        assertThat(policy.hasLeft(gone.get(Departures.REMEMBERED))).isTrue();
    }
}
