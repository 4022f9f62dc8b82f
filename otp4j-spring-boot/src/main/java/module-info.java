/**
 * otp4j spring boot: a Spring Boot starter for otp4j ({@link io.otp4j.spring.Otp4jAutoConfiguration}): a {@link
 * io.otp4j.process.Node} bean, supervision trees declared as {@link io.otp4j.spring.SupervisionTree} beans, and a
 * health indicator.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // Spring ships as automatic modules
module io.otp4j.spring {
    requires transitive io.otp4j.core;
    requires transitive spring.boot;
    requires transitive spring.boot.autoconfigure;
    requires transitive spring.context;
    requires spring.beans;
    requires spring.core;
    requires static spring.boot.health;
    requires static org.jspecify;

    exports io.otp4j.spring;

    opens io.otp4j.spring to
            spring.core,
            spring.beans,
            spring.context,
            spring.boot;
}
