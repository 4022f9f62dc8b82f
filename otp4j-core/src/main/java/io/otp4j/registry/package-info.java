/**
 * Registries: Elixir's {@code Registry}, a local key-value store of processes that readers use without
 * queueing behind any process.
 *
 * <p>A process registers itself under a key with a value; anyone looks the key up; the entry goes away when the
 * process exits, however it exits. With {@link io.otp4j.registry.Keys#UNIQUE unique keys} a registry is a name
 * service, also for GenServers through {@linkplain io.otp4j.registry.Registry#via via names}; with {@link
 * io.otp4j.registry.Keys#DUPLICATE duplicate keys} it groups processes under a key, for dispatch and pub/sub.
 *
 * <pre>
 *   registrant ──register(self, key, value)──▶ ┌──────────────────────────┐ ◀── lookup(key)   any thread,
 *       ▲                                      │ concurrent maps (entries)│ ◀── dispatch(key)  no message,
 *       │ monitor                              └──────────────────────────┘ ◀── select(...)    no process
 *   partition process ── Down ──▶ removes the registrant's entries ──▶ listeners: Unregistered
 * </pre>
 *
 * <h2>Example: sessions by user, and a server named by a registry key</h2>
 *
 * {@snippet :
 * Registry<String, String> sessions = Registry.start(node, "sessions", RegistryOptions.unique().withPartitions(2));
 *
 * // A session server registers itself under its user's key as it starts (Elixir's {:via, Registry, ...}).
 * ViaName ada = sessions.via("ada", "web");
 * GenServer.start(node, new Session(), StartOptions.defaults().withName(ada));
 *
 * // Anyone reaches it by the key; the name is looked up at each request.
 * GenServerRef<Session.Request<?>, Session.Message> ref = GenServerRef.via(ada, Session.TYPE);
 * ref.cast(new Session.Say("hello"));
 * List<String> said = ref.call(new Session.History());              // [hello]
 *
 * sessions.lookup("ada");                                           // [Entry[key=ada, pid=<...>, value=web]]
 * GenServer.start(node, new Session(), StartOptions.defaults().withName(ada));
 *                                                                   // StartException, holder() = the first one
 * ref.stop();                                                       // its entry goes away with it
 * }
 *
 * The full example is {@code PackageExampleTest} in this package's tests, run as written.
 *
 * <h2>When to use which</h2>
 *
 * A unique registry names processes by data (a user id, a device id) where a node's registered names, which are
 * strings, would not do, and it gives each name a value. A duplicate registry replaces a GenServer that keeps a
 * list of subscribers: subscribing is a direct write by the subscriber, publishing a direct read by the
 * publisher, and a subscriber that dies leaves on its own. Partitions spread the monitoring and cleanup over
 * several processes; use about as many as there are carrier threads when processes register and exit at a high
 * rate. Lookups cost the same with any number of partitions.
 */
@NullMarked
package io.otp4j.registry;

import org.jspecify.annotations.NullMarked;
