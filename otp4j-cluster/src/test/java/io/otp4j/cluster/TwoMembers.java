package io.otp4j.cluster;

import org.junit.jupiter.api.AfterEach;

/** The fixture of tests between two connected nodes of one JVM: {@code <prefix>-a} and {@code <prefix>-b}. */
abstract class TwoMembers {

    final Members members = new Members();
    final Cluster a;
    final Cluster b;

    TwoMembers(String prefix) {
        a = members.join(prefix + "-a");
        b = members.join(prefix + "-b");
        Members.connected(a, b);
    }

    @AfterEach
    final void closeMembers() {
        members.close();
    }
}
