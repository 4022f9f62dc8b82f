/**
 * Stages: Elixir's GenStage on otp4j processes. Producers emit events only as fast as consumers ask for them,
 * so a slow consumer holds its producers back instead of flooding its mailbox.
 *
 * <pre>
 *   [Producer] ──events──▶ [ProducerConsumer] ──events──▶ [Consumer]
 *              ◀──demand──                    ◀──demand──
 * </pre>
 *
 * <p>A consumer subscribes to a producer and asks it for events (its demand); the producer never sends more
 * than asked. A {@link io.otp4j.stage.Producer} emits from {@code handleDemand}; a {@link
 * io.otp4j.stage.ProducerConsumer} turns the events it receives into events it emits, taking events in only as
 * fast as its own consumers ask; a {@link io.otp4j.stage.Consumer} handles events. Each stage is a process
 * (a {@link io.otp4j.genserver.GenServer} underneath) that also takes calls, casts and other messages. Its calls
 * and casts are typed as a server's: the last two type parameters of a stage, {@code C} and {@code K}, are its
 * sealed interfaces of calls and casts ({@link io.otp4j.genserver.NoCall} and {@link io.otp4j.genserver.NoCast}
 * for none); a {@link io.otp4j.stage.StageRef StageRef&lt;C, K&gt;} casts only a {@code K}, and its {@code call}
 * returns the request's reply type.
 *
 * <h2>Example: a counter, a doubler and a sink</h2>
 *
 * {@snippet class="io.otp4j.stage.Counter" region="counter"}
 *
 * {@snippet class="io.otp4j.stage.Doubler" region="doubler"}
 *
 * {@snippet class="io.otp4j.stage.PackageExampleTest" region="pipeline"}
 *
 * The same program runs as a test: {@code PackageExampleTest}.
 *
 * <h2>Demand</h2>
 *
 * A subscription has a maximum and a minimum demand ({@link io.otp4j.stage.SubscribeOptions}, 1000 and 500 by
 * default). With automatic demand the consumer asks for the maximum at first, handles events in batches of at
 * most {@code max - min}, and asks again whenever the events in flight fall to the minimum. With manual demand
 * ({@link io.otp4j.stage.Subscribed#manual}) the consumer asks itself with {@link
 * io.otp4j.stage.GenStage#ask}. Events a producer emits beyond the demand wait in its buffer (10,000 events
 * by default, keeping the first; the overflow is counted and logged).
 *
 * <h2>Dispatchers</h2>
 *
 * A producer with several consumers hands events out with its {@link io.otp4j.stage.Dispatcher}: to the
 * consumer with the highest demand (the default), to all of them (broadcast, with a per-consumer selector),
 * or by key into partitions.
 *
 * <h2>Ending subscriptions</h2>
 *
 * A consumer monitors its producers. When a producer exits, or a subscription is cancelled, {@code
 * handleCancel} runs on the consumer, and its {@link io.otp4j.stage.CancelMode} decides whether the consumer
 * exits too: permanent (the default) always, transient on abnormal reasons, temporary never. A producer sees
 * its consumers' exits and cancellations in its own {@code handleCancel}, and their unmet demand no longer
 * counts.
 *
 * <h2>Beyond stages</h2>
 *
 * <ul>
 *   <li>{@link io.otp4j.stage.ConsumerSupervisor}: a consumer that starts one process per event, its demand
 *       bounding how many run at once.
 *   <li>{@link io.otp4j.stage.GenStage#stream} and {@link io.otp4j.stage.GenStage#iterator}: consume a
 *       stage from plain code, with back-pressure.
 *   <li>{@link io.otp4j.stage.FlowAdapters}: a stage as a {@link java.util.concurrent.Flow.Publisher} that
 *       any {@link java.util.concurrent.Flow.Subscriber} can consume, and any publisher as a producer stage;
 *       both pass the Reactive Streams TCK.
 * </ul>
 *
 * <h2>Where it differs from GenStage</h2>
 *
 * <ul>
 *   <li>Events are passed by reference, never copied: they must be immutable.
 *   <li>Callbacks return typed results ({@link io.otp4j.stage.StageResults}); a consumer's result carries no
 *       events.
 *   <li>A producer's {@code demand: :accumulate} mode and the {@code handle_info}-driven dispatcher
 *       notifications are not provided.
 * </ul>
 */
@NullMarked
package io.otp4j.stage;

import org.jspecify.annotations.NullMarked;
