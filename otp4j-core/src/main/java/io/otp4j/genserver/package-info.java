/**
 * The generic server: Erlang's {@code gen_server} with typed requests.
 *
 * <p>A {@link io.otp4j.genserver.GenServer} is a process that holds a state and handles one request at a
 * time. The library owns the loop, the replies, timeouts and crash reports; a server holds only callbacks.
 * Clients talk to it through a {@link io.otp4j.genserver.GenServerRef}: {@code call} waits for a reply,
 * {@code cast} does not.
 *
 * <pre>
 *   client facade (typed methods)          private server (callbacks only)
 *   counter.get()  ── call(Get) ──────▶  handleCall(Get, from, n) ─▶ reply(get, n, n)
 *   counter.add(5) ── cast(Add(5)) ───▶  handleCast(Add, n)       ─▶ noReply(n + 5)
 * </pre>
 *
 * <h2>Example: the Counter, with the client-facade idiom</h2>
 *
 * {@snippet class="io.otp4j.genserver.Counter" region="counter"}
 *
 * The class is {@code Counter} in this package's tests, run by {@code PackageExampleTest}. The seed
 * documents' token-bucket rate limiter, a server that takes calls only (its cast type is {@link
 * io.otp4j.genserver.NoCast}), is {@code io.otp4j.examples.RateLimiter} in {@code otp4j-examples}, run by
 * {@code RateLimiterTest} on a manual clock:
 *
 * {@snippet class="io.otp4j.examples.RateLimiterTest" region="use"}
 *
 * <h2>Finding a server</h2>
 *
 * A facade declares its server's {@link io.otp4j.genserver.ServerType} once, from the server's class; lookups
 * take it and check at run time that the process they find runs that server, so a reference never claims request
 * types its server does not take:
 *
 * {@snippet class="io.otp4j.genserver.Counter" region="lookups"}
 *
 * A bound reference reaches one server, and fails once it is gone. A reference by name ({@code named} for a name
 * registered on a node, {@code via} for a registry's) looks the name up at each request, as Erlang's {@code
 * gen_server:call(Name, Request)} does: under a supervisor that restarts the server under its name, it reaches
 * the server running now.
 *
 * <h2>Calls from plain code</h2>
 *
 * {@code call} blocks its thread, which is what a process wants. Plain code that must not block (a {@code
 * main}, a test, a request handler) uses {@code callAsync}, which returns a {@link
 * java.util.concurrent.CompletionStage} completed with the reply, or exceptionally with what {@code call} would
 * have thrown. No thread waits for a pending call: its outcome starts a virtual thread that completes the stage,
 * never the server's thread.
 *
 * <h2>Calls from a server that must not block</h2>
 *
 * A server that calls another server waits for the reply, and its own mailbox waits with it. One that must keep
 * taking messages meanwhile sends the request with {@link
 * io.otp4j.genserver.GenServerRef#sendRequest(io.otp4j.genserver.Call, io.otp4j.process.Pid)}, naming itself as the process to answer; the answer comes back as a {@link
 * io.otp4j.genserver.Response} message to its {@code handleInfo}: the reply, or why none came (the server exited,
 * was gone, or its node was lost). The returned {@link io.otp4j.genserver.RequestId} tells that response from other
 * messages and gives it its reply type back; it can be cancelled. Such a server may have many requests in flight,
 * to one server or several. There is no timeout: a server that will not wait forever sets a timer with {@code
 * sendAfter} and cancels the request when it fires.
 *
 * <h2>Timeouts and failures</h2>
 *
 * <ul>
 *   <li>{@code call} waits 5 seconds by default, or as long as given, or without limit ({@code
 *       callWithoutTimeout}). A timeout throws {@link io.otp4j.genserver.CallTimeoutException} naming the
 *       server, the request and the timeout; the reply, if it comes later, is dropped.
 *   <li>A call, {@code sendRequest} or {@code stop} to a server that is already gone fails at once with {@link
 *       io.otp4j.genserver.ServerExitedException} and the reason {@code noproc}: nothing reached a server, so the
 *       request is safe to retry. One whose server exits after the request reached it, before replying, fails
 *       at once with the server's exit reason.
 *   <li>Beyond OTP: a server skips a call whose caller has already given up, instead of working on it (counted
 *       in {@link io.otp4j.genserver.Statistics#skippedCalls()}). A server behind on its work does not fall
 *       further behind on requests no one waits for.
 * </ul>
 *
 * <h2>Memory and hibernation</h2>
 *
 * A server waiting for a message costs about 1.1 KB, most of it its parked virtual thread. A callback may ask to
 * hibernate ({@code reply(...).hibernate()}, {@code Init.ok(state).hibernate()}), and {@link
 * io.otp4j.genserver.StartOptions#withHibernateAfter} hibernates a server that has waited that long (OTP's
 * {@code hibernate_after}): its thread and stack go, leaving about 300 bytes, and the next message costs a thread
 * start. Use it for large populations of servers that are mostly idle (sessions, devices).
 *
 * <h2>When not to use a GenServer</h2>
 *
 * A server handles one message at a time: it is a point of serialization. Do not put a read-mostly cache or a
 * registry behind one; do not do slow work (I/O, sleeps) in a callback that urgent callers wait behind.
 * Partition state over several servers, or hand slow work to tasks.
 *
 * <h2>Debugging</h2>
 *
 * {@link io.otp4j.genserver.Sys} reads and replaces a server's state, suspends and resumes it, reads its
 * statistics (message counts once {@code Sys.statistics(server, true)} has turned them on) and traces it, as
 * Erlang's {@code sys} does.
 */
@NullMarked
package io.otp4j.genserver;

import org.jspecify.annotations.NullMarked;
