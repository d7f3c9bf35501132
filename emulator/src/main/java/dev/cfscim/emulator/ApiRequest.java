package dev.cfscim.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP request as the API handlers need it: decoded query parameters and the raw body. */
record ApiRequest(String method, String path, Map<String, String> query, byte[] body) {

    static Map<String, String> parseQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Map.of();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(name, value);
        }
        return Collections.unmodifiableMap(params);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    String param(String name) {
        return query.get(name);
    }

    /** A query parameter's value matched case-insensitively by name, as SCIM parameter names are. */
    String paramIgnoreCase(String name) {
        for (Map.Entry<String, String> e : query.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** A query parameter as an integer: {@code fallback} when absent or empty, a 400 when not a number. */
    int intParam(String name, int fallback) {
        return integer(name, param(name), fallback);
    }

    /** As {@link #intParam}, with the name matched case-insensitively, as SCIM parameter names are. */
    int intParamIgnoreCase(String name, int fallback) {
        return integer(name, paramIgnoreCase(name), fallback);
    }

    private static int integer(String name, String value, int fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw Rejection.invalidValue(name + " must be an integer, got '" + value + "'");
        }
    }
}
