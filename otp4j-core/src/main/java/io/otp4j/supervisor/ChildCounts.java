package io.otp4j.supervisor;

/**
 * How many children a supervisor has, as {@link Supervisor#countChildren} reports it (Erlang's {@code
 * count_children}).
 *
 * @param specs child specs, running or not
 * @param active children that are running
 * @param supervisors child specs of type {@link ChildType#SUPERVISOR}
 * @param workers child specs of type {@link ChildType#WORKER}
 */
public record ChildCounts(int specs, int active, int supervisors, int workers) {}
