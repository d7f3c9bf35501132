package dev.cfscim.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SCIM list responses as Cloudflare serves them: the one {@code eq} filter each list honours, pages
 * no longer than the account's largest, and the discovery lists that take no filter at all.
 */
final class ScimPages {

    static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    private static final Pattern USER_NAME_EQ =
            Pattern.compile("^\\s*userName\\s+eq\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern DISPLAY_NAME_EQ =
            Pattern.compile("^\\s*displayName\\s+eq\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*$", Pattern.CASE_INSENSITIVE);

    private final ObjectMapper json;
    private final int maxPageSize;

    ScimPages(ObjectMapper json, int maxPageSize) {
        this.json = json;
        this.maxPageSize = maxPageSize;
    }

    /** The userName of the request's {@code userName eq} filter; null without a filter. */
    static String userNameFilter(ApiRequest request) {
        return filterValue(request, USER_NAME_EQ, "userName");
    }

    /** The display name of the request's {@code displayName eq} filter; null without a filter. */
    static String displayNameFilter(ApiRequest request) {
        return filterValue(request, DISPLAY_NAME_EQ, "displayName");
    }

    private static String filterValue(ApiRequest request, Pattern pattern, String attribute) {
        String filter = request.paramIgnoreCase("filter");
        if (filter == null) {
            return null;
        }
        Matcher m = pattern.matcher(filter);
        if (!m.matches()) {
            throw new Rejection(400, "invalidFilter", "unsupported filter '" + filter + "': only " + attribute
                    + " eq \"value\" is supported here");
        }
        return m.group(1).replaceAll("\\\\(.)", "$1");
    }

    /** The page the request's {@code startIndex} and {@code count} ask for, each item rendered. */
    <T> ApiResponse page(ApiRequest request, List<T> all, Function<T, JsonNode> render) {
        int startIndex = Math.max(1, request.intParamIgnoreCase("startIndex", 1));
        int count = Math.min(maxPageSize, Math.max(0, request.intParamIgnoreCase("count", maxPageSize)));
        int from = Math.min(all.size(), startIndex - 1);
        int to = Math.min(all.size(), from + count);
        ObjectNode body = json.createObjectNode();
        body.putArray("schemas").add(LIST_SCHEMA);
        body.put("totalResults", all.size());
        body.put("startIndex", startIndex);
        body.put("itemsPerPage", to - from);
        ArrayNode resources = body.putArray("Resources");
        for (T item : all.subList(from, to)) {
            resources.add(render.apply(item));
        }
        return ApiResponse.scim(200, body);
    }

    /** A discovery list: all of it in one page, and no filter. */
    ApiResponse discoveryList(ApiRequest request, List<ObjectNode> items) {
        if (request.paramIgnoreCase("filter") != null) {
            throw new Rejection(400, "invalidFilter", "filtering is not supported on this endpoint");
        }
        ObjectNode body = json.createObjectNode();
        body.putArray("schemas").add(LIST_SCHEMA);
        body.put("totalResults", items.size());
        body.put("startIndex", 1);
        body.put("itemsPerPage", items.size());
        body.putArray("Resources").addAll(items);
        return ApiResponse.scim(200, body);
    }

    static ApiResponse discoveryItem(List<ObjectNode> items, String id, String what) {
        return items.stream()
                .filter(item -> id.equals(item.path("id").asText()))
                .findFirst()
                .map(item -> ApiResponse.scim(200, item))
                .orElseThrow(() -> Rejection.notFound(what + " " + id));
    }
}
