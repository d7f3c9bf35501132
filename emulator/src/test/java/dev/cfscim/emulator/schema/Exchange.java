package dev.cfscim.emulator.schema;

/**
 * One request and its answer as seen on the wire: {@code path} is the raw path from
 * {@code /client/v4} on (or any path, for calls outside the v4 API), {@code query} the raw query
 * or null, bodies as text or null.
 */
public record Exchange(String method, String path, String query, String requestBody,
                       int status, String responseBody) {

    public String describe() {
        return method + " " + path + (query == null ? "" : "?" + query) + " -> " + status;
    }
}
