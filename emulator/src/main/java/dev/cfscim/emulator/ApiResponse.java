package dev.cfscim.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** An answer before it is written: status, JSON body (null for none) and extra headers. */
record ApiResponse(int status, JsonNode body, String contentType, Map<String, String> headers) {

    static final String SCIM_JSON = "application/scim+json";
    static final String JSON = "application/json";
    static final String HTML = "text/html";

    static ApiResponse scim(int status, JsonNode body) {
        return new ApiResponse(status, body, SCIM_JSON, new LinkedHashMap<>());
    }

    static ApiResponse json(int status, JsonNode body) {
        return new ApiResponse(status, body, JSON, new LinkedHashMap<>());
    }

    /** A page of HTML, as a proxy in front of the API answers; the body holds the page as text. */
    static ApiResponse html(int status, String page) {
        return new ApiResponse(status, com.fasterxml.jackson.databind.node.TextNode.valueOf(page), HTML,
                new LinkedHashMap<>());
    }

    static ApiResponse noContent() {
        return new ApiResponse(204, null, null, new LinkedHashMap<>());
    }

    ApiResponse withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
