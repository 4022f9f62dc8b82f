/**
 * otp4j core: Erlang/OTP's process model on virtual threads.
 *
 * <p>Exports the supervisors ({@code io.otp4j.supervisor}), the generic server, the process layer ({@code io.otp4j.process}) and the clock it reads time from
 * ({@code io.otp4j.time}), and the hooks that observe a node ({@code io.otp4j.observe}). Mailboxes and other machinery live in {@code io.otp4j.internal}, which is not
 * exported.
 */
module io.otp4j.core {
    requires static transitive org.jspecify;
    requires jdk.jfr;
    requires jdk.management; // the virtual-thread scheduler's queue length (JDK 24+), see Spinning

    exports io.otp4j.agent;
    exports io.otp4j.genserver;
    exports io.otp4j.genserver.spi to
            io.otp4j.cluster,
            io.otp4j.testkit;
    exports io.otp4j.observe;
    exports io.otp4j.observe.spi to
            io.otp4j.cluster;
    exports io.otp4j.process;
    exports io.otp4j.process.spi to
            io.otp4j.cache,
            io.otp4j.cluster,
            io.otp4j.persistence,
            io.otp4j.stage,
            io.otp4j.testkit;
    exports io.otp4j.registry;
    exports io.otp4j.supervisor;
    exports io.otp4j.table;
    exports io.otp4j.task;
    exports io.otp4j.time;
}
