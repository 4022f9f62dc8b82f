package io.otp4j.cluster;

import java.net.InetSocketAddress;

/** A {@code host:port} of the static member list. */
record HostPort(String host, int port) {

    static HostPort parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("initial member '" + text + "' is not host:port");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("initial member '" + text + "' has no port number", e);
        }
        if (port <= 0 || port > 65_535) {
            throw new IllegalArgumentException("initial member '" + text + "' has a port out of 1..65535");
        }
        return new HostPort(text.substring(0, colon), port);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }
}
