package io.otp4j.genserver;

/**
 * A request that expects a reply of type {@code R}. A server's calls are a sealed interface of records that
 * implement it, so that {@link GenServerRef#call} returns the reply's type and a handler's {@code switch}
 * over the calls is checked for exhaustiveness:
 *
 * {@snippet :
 * sealed interface CounterCall<R> extends Call<R> {}
 * record Get() implements CounterCall<Integer> {}
 * record Reset() implements CounterCall<Integer> {}   // replies with the value before the reset
 *
 * int n = counter.call(new Get());                    // the compiler knows it is an Integer
 * }
 *
 * @param <R> the type of the reply
 */
public interface Call<R> {}
