package io.otp4j.table;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCall;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.Results;
import io.otp4j.process.Delivery;
import io.otp4j.process.Down;
import io.otp4j.process.Exit;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.spi.Engine;
import io.otp4j.process.spi.ProcessExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The node-level server that watches table owners, one per node (in the node's service slot), started with the
 * node's first table. It monitors every owner; on an owner's {@code Down} it hands each of that owner's tables to
 * its heir or deletes it. This object also holds the node's table names, which lookups read without the server.
 *
 * <p>The server is a GenServer ({@link Guard}), so it has crash reports, {@code Sys} and {@code formatStatus}; it
 * also implements {@link ProcessExtension}, so that it deletes its tables on every exit, a kill included.
 *
 * <p>Why a process with monitors and not an extension on the owners: an extension is chosen at spawn, and any
 * process may create a table, including ones spawned long before. A monitor can be put on any process, at any
 * time, and fires with {@code noproc} at once for one already dead, which closes every race between a table
 * changing hands and its new owner dying.
 *
 * <p>Protocol: whoever makes a process a table's owner (creation, {@code giveAway}, inheritance) first sets the
 * owner, then sends {@link Watch}. Whatever the order in which {@code Watch}es and {@code Down}s arrive, the
 * manager monitors the current owner after its {@code Watch}, so the owner's death reaches {@link
 * TableCore#ownerDied}, which checks that the table still belongs to the process that died. When the manager
 * itself exits (its node closing, or a kill), it deletes every table it watches, including those whose {@code
 * Watch} was still in its mailbox: no table outlives its guard.
 */
final class TableManager {

    private static final Engine ENGINE = Engine.get();
    private static final AtomicLong NUMBERS = new AtomicLong();
    private static final int START_ATTEMPTS = 3;

    /** Makes a table once the node's manager is known. */
    @FunctionalInterface
    interface Factory<T extends TableCore<?, ?>> {
        T make(Node node, TableManager manager, Pid owner, long number);
    }

    /** Watch {@code owner}, the new owner of {@code table}; {@code previous} no longer owns it. */
    record Watch(TableCore<?, ?> table, @Nullable Pid previous, Pid owner) {}

    /** {@code table}, last owned by {@code owner}, is deleted. */
    record Forget(TableCore<?, ?> table, Pid owner) {}

    private record Watched(MonitorRef ref, Set<TableCore<?, ?>> tables) {}

    private final Node node;
    private final ConcurrentHashMap<String, TableCore<?, ?>> names = new ConcurrentHashMap<>();
    private final Guard guard = new Guard();

    private volatile @Nullable Pid pid;

    private TableManager(Node node) {
        this.node = node;
    }

    // ------------------------------------------------------------------ from the tables' callers

    static <T extends TableCore<?, ?>> T create(ProcessContext owner, TableOptions options, Factory<T> factory) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(options, "options");
        Node node = owner.node();
        Pid self = owner.self();
        if (!ENGINE.isSelf(self)) {
            throw new IllegalStateException("a table belongs to the process that creates it: create it on " + self
                    + "'s own thread, not on " + Thread.currentThread());
        }
        options.heir().ifPresent(heir -> TableCore.checkOfNode(node, heir.pid(), "heir"));
        for (int attempt = 1; ; attempt++) {
            TableManager manager = of(node);
            T table = factory.make(node, manager, self, NUMBERS.incrementAndGet());
            options.name().ifPresent(name -> manager.claim(name, table));
            if (manager.send(new Watch(table, null, self))) {
                return table;
            }
            table.drop(); // the manager exited under us: its successor will watch a fresh table
            if (attempt == START_ATTEMPTS) {
                throw new IllegalStateException("the table manager of node " + node.name() + " exited " + START_ATTEMPTS
                        + " times while a table was being created");
            }
        }
    }

    static Optional<Table<?, ?>> whereis(Node node, String name) {
        Objects.requireNonNull(node, "node");
        TableOptions.checkName(name);
        TableManager manager = ENGINE.service(node, TableManager.class).orElse(null);
        TableCore<?, ?> table = manager == null ? null : manager.names.get(name);
        return table == null || table.isDeleted() ? Optional.empty() : Optional.of(table);
    }

    /** {@return the live table named {@code name}, which must be a {@code kind}}; the caller states its types */
    @SuppressWarnings("unchecked") // the caller names the types, as it names the table; ETS does not check them
    static <T extends Table<?, ?>> Optional<T> whereis(Node node, String name, Class<?> kind) {
        return whereis(node, name).map(table -> {
            if (!kind.isInstance(table)) {
                throw new IllegalArgumentException(
                        "table \"" + name + "\" is a " + table.type().etsName() + ", not a " + kind.getSimpleName());
            }
            return (T) table;
        });
    }

    /** {@return the node's live manager}, started if there is none */
    static TableManager of(Node node) {
        TableManager manager = ENGINE.service(node, TableManager.class).orElse(null);
        if (manager != null && manager.isAlive()) {
            return manager;
        }
        return ENGINE.service(node, TableManager.class, old -> old != null && old.isAlive() ? old : start(node));
    }

    /** {@return the pid of the node's manager, if one runs} (for tests and introspection) */
    static Optional<Pid> managerOf(Node node) {
        return ENGINE.service(node, TableManager.class).flatMap(manager -> Optional.ofNullable(manager.pid));
    }

    private static TableManager start(Node node) {
        TableManager manager = new TableManager(node);
        manager.pid = GenServer.start(node, manager.guard).pid();
        return manager;
    }

    private boolean isAlive() {
        Pid self = pid;
        return self != null && node.isAlive(self);
    }

    private void claim(String name, TableCore<?, ?> table) {
        while (true) {
            TableCore<?, ?> holder = names.putIfAbsent(name, table);
            if (holder == null) {
                return;
            }
            if (!holder.isDeleted()) {
                throw new TableNameTakenException(name, holder.toString());
            }
            names.remove(name, holder); // deleted, and its name not yet released: take it
        }
    }

    void watch(TableCore<?, ?> table, Pid previous, Pid owner) {
        send(new Watch(table, previous, owner));
    }

    /** The table is deleted: its name is free at once; the manager stops watching it for its last owner. */
    void forget(TableCore<?, ?> table, Pid owner) {
        table.name().ifPresent(name -> names.remove(name, table));
        Pid self = pid;
        if (self != null && !ENGINE.isSelf(self)) {
            send(new Forget(table, owner));
        } else {
            guard.unwatch(table, owner); // on the manager's own thread (inheritance failed, or it is exiting)
        }
    }

    private boolean send(Object message) {
        Pid self = Objects.requireNonNull(pid, "the manager's pid is set before it is published");
        return node.send(self, message) != Delivery.NO_PROCESS;
    }

    /** On the manager's own thread (an inheritance): watch {@code owner}, which now owns {@code table}. */
    void watchHere(ProcessContext self, TableCore<?, ?> table, @Nullable Pid previous, Pid owner) {
        guard.watchHere(self, table, previous, owner);
    }

    // ------------------------------------------------------------------ the manager's server

    /**
     * The manager's server: its state is the owners it monitors, each with the tables it owns; it is touched only
     * on the server's own thread (its callbacks and its exit).
     */
    private final class Guard implements GenServer<Map<Pid, Watched>, NoCall, NoCast>, ProcessExtension {

        private final Map<Pid, Watched> watched = new HashMap<>();
        private @Nullable ProcessContext self;

        @Override
        public Init<Map<Pid, Watched>> init(ProcessContext self) {
            this.self = self;
            self.trapExits(true); // an exit signal from a process ends neither the manager nor its tables
            return Init.ok(watched);
        }

        @Override
        public Result<Map<Pid, Watched>> handleInfo(Object message, Map<Pid, Watched> watched) {
            ProcessContext me = Objects.requireNonNull(self);
            switch (message) {
                case Watch w -> watchHere(me, w.table(), w.previous(), w.owner());
                case Forget f -> unwatch(f.table(), f.owner());
                case Down down -> ownerDown(me, down);
                case Exit exit
                when exit.from().equals(node.pid()) -> {
                    return Results.stop(exit.reason(), watched); // the node is closing; exiting() deletes the tables
                }
                default -> {
                    // A stray message or an exit signal from a process: tables outlive neither, ignore it.
                }
            }
            return Results.noReply(watched);
        }

        @Override
        public Object formatStatus(Map<Pid, Watched> watched) {
            int tables =
                    watched.values().stream().mapToInt(e -> e.tables().size()).sum();
            return "table manager of node " + node.name() + ": " + watched.size() + " owner(s), " + tables
                    + " table(s), " + names.size() + " name(s)";
        }

        void watchHere(ProcessContext self, TableCore<?, ?> table, @Nullable Pid previous, Pid owner) {
            if (previous != null) {
                unwatch(self, table, previous);
            }
            if (table.isDeleted()) {
                return;
            }
            watched.computeIfAbsent(owner, o -> new Watched(self.monitor(o), new HashSet<>()))
                    .tables()
                    .add(table);
        }

        void unwatch(TableCore<?, ?> table, Pid owner) {
            Watched entry = watched.get(owner);
            if (entry != null) {
                entry.tables().remove(table);
            }
        }

        private void unwatch(ProcessContext self, TableCore<?, ?> table, Pid owner) {
            Watched entry = watched.get(owner);
            if (entry != null && entry.tables().remove(table) && entry.tables().isEmpty()) {
                watched.remove(owner);
                self.demonitor(entry.ref(), true);
            }
        }

        private void ownerDown(ProcessContext self, Down down) {
            Watched entry = watched.get(down.pid());
            if (entry == null || !entry.ref().equals(down.ref())) {
                return;
            }
            watched.remove(down.pid());
            for (TableCore<?, ?> table : List.copyOf(entry.tables())) {
                table.ownerDied(down.pid(), self, TableManager.this);
            }
        }

        /** Deletes every table the manager guards as it exits, however it exits, and lets a successor start. */
        @Override
        public void exiting(Pid pid, ExitReason reason) {
            ENGINE.removeService(node, TableManager.class, TableManager.this);
            List<TableCore<?, ?>> tables = new ArrayList<>();
            watched.values().forEach(entry -> tables.addAll(entry.tables()));
            watched.clear();
            tables.forEach(TableCore::drop);
        }

        /** Deletes the tables whose {@code Watch} the manager had not read yet: no table outlives its guard. */
        @Override
        public void unhandled(Pid pid, ExitReason reason, List<Object> messages) {
            for (Object message : messages) {
                if (message instanceof Watch w) {
                    w.table().drop();
                }
            }
        }
    }
}
