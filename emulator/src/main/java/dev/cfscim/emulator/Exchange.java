package dev.cfscim.emulator;

/**
 * One request and its answer as they crossed the wire: the raw path (from {@code /client/v4} on,
 * for the API), the raw query or null, and the bodies as text or null (none).
 */
public record Exchange(String method, String path, String query, String requestBody,
                       int status, String responseBody) {

    public String describe() {
        return method + " " + path + (query == null ? "" : "?" + query) + " -> " + status;
    }
}
