/**
 * Tasks: processes that compute one value for the process that started them (Elixir's {@code Task} and
 * {@code Task.Supervisor}).
 *
 * <pre>
 *   owner ── Task.async(self, fn) ──▶ [task: fn()] ── value ──▶ owner's mailbox
 *     │        link + monitor                                      │
 *     └──────────────── task.await(timeout) ◀──────────────────────┘
 *
 *   owner ── Task.asyncStream(self, items, fn, options) ──▶ at most maxConcurrency tasks at a time
 *                                                           results pulled lazily, in order or as they come
 * </pre>
 *
 * <h2>Example</h2>
 *
 * {@snippet class="io.otp4j.task.DocSnippetsTest" region="example"}
 *
 * {@code DocSnippetsTest} runs this example and checks its results.
 *
 * <h2>Linked or not</h2>
 *
 * {@link io.otp4j.task.Task#async} links the task to its owner: a crash of one reaches the other, as in Elixir.
 * Use a {@link io.otp4j.task.TaskSupervisor} for tasks whose crash must not take their caller down ({@code
 * asyncNolink}, {@code asyncStreamNolink}), and for fire-and-forget work that should stop when the supervisor
 * stops ({@code startChild}).
 *
 * <h2>Timeouts</h2>
 *
 * {@code await} waits 5 seconds by default; on timeout it kills the task and throws {@link
 * io.otp4j.task.TaskTimeoutException}. {@code yield} waits without giving up; {@code shutdown} stops a task and
 * still returns its value if it finished meanwhile. An async stream gives each item 5 seconds by default, and
 * either fails or kills just the late item ({@link io.otp4j.task.StreamOptions.OnTimeout}). Every timeout runs
 * on the node's clock.
 *
 * <h2>Owners</h2>
 *
 * A task's owner is a process, because the value comes to its mailbox: only the owner may await, yield, shut
 * down, ignore or pull the task's stream. Plain code runs the work in a process of its own, or uses {@link
 * io.otp4j.task.Task#start} and {@link io.otp4j.task.TaskSupervisor#startChild} for fire-and-forget work.
 * See docs/adr/0009-tasks.md for the decisions behind these rules.
 */
@NullMarked
package io.otp4j.task;

import org.jspecify.annotations.NullMarked;
