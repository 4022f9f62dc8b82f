/**
 * Agents: state behind a process, read and changed with functions (Elixir's {@code Agent}), built on {@link
 * io.otp4j.genserver.GenServer}.
 *
 * <pre>
 *   caller ── get(fn) / update(fn) / getAndUpdate(fn) ──▶ [agent process: fn(state)] ──▶ reply
 * </pre>
 *
 * See {@link io.otp4j.agent.Agent} for an example; {@code AgentTest} runs it.
 */
@NullMarked
package io.otp4j.agent;

import org.jspecify.annotations.NullMarked;
