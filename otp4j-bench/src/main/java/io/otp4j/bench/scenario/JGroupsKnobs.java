package io.otp4j.bench.scenario;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jgroups.Message;
import org.jgroups.blocks.RequestOptions;
import org.jgroups.protocols.TCP;
import org.jgroups.util.LazyThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the raw JGroups side that otp4j-cluster's stack leaves at JGroups' defaults, to measure what each
 * costs a request-reply on this machine ({@code RemoteScenarios jgroups --knobs SPEC}; the peer gets the same).
 * {@code SPEC} is {@code default} or a comma-separated list of:
 *
 * <ul>
 *   <li>{@code threads=virtual|platform|hybrid}: JGroups' own threads ({@code use_vthreads}, JGroups' default
 *       virtual); {@code hybrid} gives the connections' readers and the bundler platform threads and the delivery
 *       pool virtual ones;
 *   <li>{@code bundler=TYPE}: {@code bundler_type} ({@code per-destination}, JGroups' default, {@code
 *       transfer-queue}, {@code no-bundler});
 *   <li>{@code policy=NAME}: the message processing policy ({@code max}, JGroups' default, {@code direct}, ...);
 *   <li>{@code flags=FLAG+FLAG}: message flags of the calls, and so of their replies ({@code OOB}, {@code
 *       DONT_BUNDLE}, {@code NO_FC}); not of the casts, whose sink counts on their order, which {@code OOB} gives
 *       up.
 * </ul>
 */
record JGroupsKnobs(
        Threads threads, @Nullable String bundler, @Nullable String policy, Set<Message.Flag> flags) {

    /** Who runs JGroups' own threads. */
    enum Threads {
        VIRTUAL,
        PLATFORM,
        HYBRID
    }

    /** The settings of otp4j-cluster's stack: JGroups' defaults. */
    static final JGroupsKnobs DEFAULT = new JGroupsKnobs(Threads.VIRTUAL, null, null, Set.of());

    JGroupsKnobs {
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    }

    /**
     * {@return the settings {@code spec} names}
     *
     * @throws IllegalArgumentException naming the part of {@code spec} that is not a setting
     */
    static JGroupsKnobs parse(String spec) {
        if (spec.equals("default")) {
            return DEFAULT;
        }
        Threads threads = Threads.VIRTUAL;
        String bundler = null;
        String policy = null;
        Set<Message.Flag> flags = EnumSet.noneOf(Message.Flag.class);
        for (String part : spec.split(",", -1)) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            if (value.isEmpty()) {
                throw new IllegalArgumentException("knob \"" + part + "\" has no value; expected KEY=VALUE in " + spec);
            }
            switch (key) {
                case "threads" -> threads = threads(value);
                case "bundler" -> bundler = value;
                case "policy" -> policy = value;
                case "flags" -> {
                    for (String flag : value.split("\\+", -1)) {
                        flags.add(flag(flag));
                    }
                }
                default ->
                    throw new IllegalArgumentException(
                            "unknown knob \"" + key + "\" in " + spec + "; known: threads, bundler, policy, flags");
            }
        }
        return new JGroupsKnobs(threads, bundler, policy, flags);
    }

    private static Threads threads(String value) {
        try {
            return Threads.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("threads=" + value + ": expected virtual, platform or hybrid", e);
        }
    }

    private static Message.Flag flag(String value) {
        try {
            return Message.Flag.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown message flag " + value, e);
        }
    }

    /** {@return the spec that parses back to these settings}, to hand to the peer */
    String spec() {
        List<String> parts = new ArrayList<>();
        if (threads != Threads.VIRTUAL) {
            parts.add("threads=" + threads.name().toLowerCase(Locale.ROOT));
        }
        if (bundler != null) {
            parts.add("bundler=" + bundler);
        }
        if (policy != null) {
            parts.add("policy=" + policy);
        }
        if (!flags.isEmpty()) {
            parts.add("flags="
                    + String.join("+", flags.stream().map(Enum::name).sorted().toList()));
        }
        return parts.isEmpty() ? "default" : String.join(",", parts);
    }

    /** Sets these on {@code tcp}, before its channel is created. */
    void applyTo(TCP tcp) {
        if (threads != Threads.VIRTUAL) {
            tcp.useVirtualThreads(false);
            tcp.setThreadFactory(new LazyThreadFactory("jgroups", false, true).useVThreads(false));
            if (threads == Threads.HYBRID) {
                // after setThreadFactory, which sets the pool's too
                tcp.getThreadPool()
                        .setThreadFactory(new LazyThreadFactory("jgroups-pool", false, true).useVThreads(true));
            }
        }
        if (bundler != null) {
            tcp.setBundlerType(bundler);
        }
        if (policy != null) {
            tcp.setMessageProcessingPolicy(policy);
        }
    }

    /** {@return {@code options} with these flags} */
    RequestOptions options(RequestOptions options) {
        return flags.isEmpty() ? options : options.flags(flags.toArray(Message.Flag[]::new));
    }
}
