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
 * {@snippet class="io.otp4j.registry.PackageExampleTest" region="sessions"}
 *
 * A second server started under a key that is taken does not start: its {@link
 * io.otp4j.genserver.StartException} names the holder.
 *
 * {@snippet class="io.otp4j.registry.PackageExampleTest" region="taken"}
 *
 * The entry goes away with its process, however it exits:
 *
 * {@snippet class="io.otp4j.registry.PackageExampleTest" region="gone"}
 *
 * The example is {@code PackageExampleTest} in this package's tests, which checks each of these steps; {@code
 * Session} is a small GenServer there that remembers what was said.
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
