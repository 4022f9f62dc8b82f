package io.otp4j.genserver;

/**
 * A request that expects a reply of type {@code R}. A server's calls are a sealed interface of records that
 * implement it, so that {@link GenServerRef#call} returns the reply's type and a handler's {@code switch}
 * over the calls is checked for exhaustiveness:
 *
 * {@snippet class="io.otp4j.genserver.Counter" region="calls"}
 *
 * <p>With these, {@code server.call(new Get())} returns an {@code Integer}: the compiler knows it from {@code
 * Get}.
 *
 * @param <R> the type of the reply
 */
public interface Call<R> {}
