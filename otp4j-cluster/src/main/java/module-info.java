/**
 * otp4j cluster: nodes of several JVMs joined on JGroups. A pid of another node is used like a local one: sends,
 * links, monitors and exit signals cross through a versioned binary codec that decodes only allow-listed classes.
 */
@SuppressWarnings("requires-automatic") // JGroups 5 is an automatic module (org.jgroups)
module io.otp4j.cluster {
    requires transitive io.otp4j.core;
    requires org.jgroups;
    requires org.jgroups.raft;
    requires static org.jspecify;

    exports io.otp4j.cluster;
    // JGroups' AUTH instantiates the join token by its class name, from the wire.
    exports io.otp4j.cluster.internal to
            org.jgroups;
}
