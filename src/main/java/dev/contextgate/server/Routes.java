package dev.contextgate.server;

/** A group of routes, one per API dialect or concern, registered by the composition root. */
public interface Routes {

    void register(RouteTable table);
}
