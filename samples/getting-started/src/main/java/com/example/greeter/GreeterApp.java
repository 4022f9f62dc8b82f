package com.example.greeter;

import io.otp4j.process.Node;
import io.otp4j.supervisor.Supervisor;
import io.otp4j.supervisor.SupervisorFlags;
import java.util.List;

/** The application: one node, one supervision tree, called from plain code. */
public final class GreeterApp {

    private GreeterApp() {}

    /** Starts the application's supervision tree on {@code node}: the greeter, restarted if it crashes. */
    public static Supervisor startTree(Node node) {
        return Supervisor.start(node, SupervisorFlags.oneForOne(), List.of(Greeter.childSpec()));
    }

    /** Starts a node and the tree, greets everyone named in {@code args}, and shuts down. */
    public static void main(String[] args) {
        try (Node node = Node.start("greeter-app")) { // closing the node stops the tree, children first
            startTree(node);
            Greeter greeter = Greeter.on(node);
            for (String who : args.length > 0 ? args : new String[] {"world"}) {
                System.out.println(greeter.greet(who)); // a plain blocking call
            }
        }
    }
}
