package dev.tributary.emulator.http;

/** Serves the requests of one route. */
@FunctionalInterface
public interface Endpoint {

    Response handle(Request request) throws Exception;
}
