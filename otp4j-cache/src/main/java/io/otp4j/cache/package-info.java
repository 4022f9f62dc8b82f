/**
 * A cache with times to live, owned by a process and supervisable, in the spirit of Elixir's {@code con_cache};
 * <a href="https://github.com/ben-manes/caffeine">Caffeine</a> stores the entries and evicts them.
 *
 * <pre>
 *   callers ── get ─────────────────────────────▶ ┌──────────────────────────┐
 *   callers ── put / update / getOrStore ─[key]─▶ │ Caffeine: entries, TTLs, │ ──▶ RemovalListener
 *               (one at a time per key)           │ size bound, statistics   │     (key, value, cause)
 *                                                 └──────────────────────────┘
 *   cache process (a GenServer): owns the cache (exits ⇒ cache closed), runs expiry on the node's clock
 * </pre>
 *
 * <h2>Example</h2>
 *
 * On a node:
 *
 * {@snippet class="io.otp4j.cache.PackageExampleTest" region="stock"}
 *
 * and when it is no longer needed:
 *
 * {@snippet class="io.otp4j.cache.PackageExampleTest" region="stop"}
 *
 * This is the code of {@code PackageExampleTest}, which runs it.
 *
 * <h2>Reads and writes</h2>
 *
 * Every operation runs on the caller's thread; the cache's process serves none of them, so a cache is never
 * the single-process bottleneck a GenServer holding a map would be. Reads ({@link io.otp4j.cache.Cache#get
 * get}) take no lock. Writes of one key are isolated, as con_cache's are: {@code put}, {@code insertNew},
 * {@code delete}, {@code update}, {@code updateExisting} and {@code getOrStore}'s store run one at a time for
 * that key, each holding the key's lock (reentrant; other keys go on), so a read-modify-write with {@code
 * update} never loses a concurrent write, and concurrent misses of {@code getOrStore} compute the value once.
 * The functions given to them run holding the key's lock and may block (a virtual thread parks).
 *
 * <h2>Time to live</h2>
 *
 * An entry lives for the cache's time to live ({@link io.otp4j.cache.CacheOptions#withTtl}) or its own
 * ({@code put(key, value, ttl)}) after its last write; with {@linkplain
 * io.otp4j.cache.CacheOptions#withTouchOnRead touch on read}, after its last read too; {@code touch} renews it
 * by hand. Time is the cache's node's {@link io.otp4j.time.Clock}, so tests use the test kit's {@code
 * ManualClock}: advance it, and an expired entry is gone for {@code get} at once. On the system clock a read
 * looks at the clock's {@linkplain io.otp4j.time.Clock#coarseNanoTime() coarse time}, which costs less than a
 * precise reading: an entry is never gone before its time, and may still be read up to about a millisecond after
 * it (writes time their entries precisely). Removal follows Caffeine's
 * timer wheel, whose ticks are 2^30 ns (about a second): once the clock is a tick past an entry's expiry,
 * {@code cleanUp()} removes it (and counts it) before it returns. Left alone, the cache's process does the same
 * on the clock's schedule, within a second or two of the expiry (Caffeine paces its prompts).
 *
 * <h2>Size bound, statistics, removal listener</h2>
 *
 * With {@link io.otp4j.cache.CacheOptions#withMaximumSize}, Caffeine evicts the entries least likely to be used
 * again. {@link io.otp4j.cache.Cache#stats()} counts hits, misses, loads and load failures of {@code
 * getOrStore}, evictions, expirations, deletions and replacements. A {@link io.otp4j.cache.RemovalListener}
 * hears of every entry that leaves, with its {@link io.otp4j.cache.RemovalCause}: expired, evicted, deleted or
 * replaced. It runs on the cache's process, one call at a time, shortly after the removal; so does Caffeine's
 * upkeep (draining its buffers, expiring, evicting), which keeps that work off the callers' threads.
 *
 * <h2>Ownership and supervision</h2>
 *
 * A cache is a process: a GenServer that serves none of the operations but owns the cache's lifetime, so it
 * writes a crash report if it fails and answers {@link io.otp4j.genserver.Sys} (reach it with {@code
 * GenServerRef.of(cache.pid())}; its status shows the size, the owner and the statistics). {@link
 * io.otp4j.cache.Cache#start(io.otp4j.process.Node, CacheOptions)} starts one owned by no one; {@link
 * io.otp4j.cache.Cache#start(io.otp4j.process.ProcessContext, CacheOptions)} one owned by the calling process,
 * which closes when its owner exits for any reason, as an ETS table does; {@link io.otp4j.cache.Cache#startLink}
 * one linked to and owned by the caller, GenServer's {@code startLink}. However the process ends (stop, owner
 * gone, exit signal, kill, node closed), the cache closes with it: its entries are dropped and using it throws
 * {@link io.otp4j.cache.CacheClosedException} naming the exit reason.
 *
 * <p>Under a supervisor, a cache is a worker started with {@code startLink} in the child's start function,
 * returning its pid; the supervisor stops it with a {@code shutdown} exit signal and restarts it empty. Give it
 * a name and a {@link io.otp4j.cache.CacheType}, declared once, and clients find the current one with {@link
 * io.otp4j.cache.Cache#whereis(io.otp4j.process.Node, String, CacheType)}, which checks that it was started with
 * that type:
 *
 * {@snippet class="io.otp4j.cache.PackageExampleTest" region="type"}
 *
 * {@snippet class="io.otp4j.cache.PackageExampleTest" region="supervised"}
 *
 * and later, anywhere:
 *
 * {@snippet class="io.otp4j.cache.PackageExampleTest" region="whereis"}
 *
 * Lookups ({@code whereis}, {@code of}) see the caches of the node they ask, which keeps its own directory of
 * them; the directory goes with its node.
 *
 * <h2>When not to use it</h2>
 *
 * For state that must survive a restart, or that one process must change under its own rules, use a
 * GenServer. Values are shared by reference, never copied: store immutable ones.
 */
@NullMarked
package io.otp4j.cache;

import org.jspecify.annotations.NullMarked;
