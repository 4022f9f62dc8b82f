/**
 * Distribution for otp4j on JGroups. {@link io.otp4j.cluster.Cluster#join} joins a node to a cluster named in a
 * {@link io.otp4j.cluster.ClusterConfig}; from then on everything the node aims at a pid of another member crosses
 * to it: messages (in order per sender and receiver), exit signals, links and monitors, and a member that leaves
 * fires {@code noconnection} on every link and monitor to its processes. GenServer references reach servers of
 * other members ({@code GenServerRef.named(node, atNode, name, type)}, ADR 24), and {@link
 * io.otp4j.cluster.Cluster#multiCall} and {@link io.otp4j.cluster.Cluster#abcast} reach one name on every node.
 * {@link io.otp4j.cluster.ProcessGroups} keeps Erlang's {@code pg} groups across the members (ADR 26), and {@link
 * io.otp4j.cluster.DistributedSupervisor} runs each child on the node its placement picks, once, moving it with
 * its state ({@link io.otp4j.cluster.Handoff}) when nodes come and go (ADR 29).
 *
 * <pre>
 *   Node.send(remotePid, msg) ──► RemoteRoute (ClusterRoute) ──► Codec.encode ──► Outbound (a queue per member)
 *                                                                                        │ drainer, batches
 *                                                                          JChannel.send (UNICAST3) ◄┘
 *                                                                                        │
 *   Node.send / Engine.exitSignal, linkFrom, monitorFrom, down ◄── Codec.decode ◄── Receiver.receive (unbatch)
 * </pre>
 *
 * <p>Only values of the kinds in ADR 23 cross, and of records and enums only the classes on the configuration's
 * allow-list: the receiver never loads another class.
 */
@NullMarked
package io.otp4j.cluster;

import org.jspecify.annotations.NullMarked;
