package dev.cfscim.emulator;

import java.util.List;

/**
 * Where a request goes: the account, the API surface, and the route key by which requests are
 * counted and faults are aimed ({@code "PATCH /Groups/{id}"}, {@code "GET /iam/user_groups"}).
 */
record Route(String key, String accountId, Surface surface, String resourceId) {

    enum Surface { SCIM, IAM }

    private static final String ACCOUNTS = "/client/v4/accounts/";

    /** The route of a path under {@code /client/v4/accounts/}, or null when the emulator has none. */
    static Route resolve(String method, String path) {
        if (!path.startsWith(ACCOUNTS)) {
            return null;
        }
        List<String> segments = List.of(path.substring(ACCOUNTS.length()).split("/"));
        if (segments.size() < 2 || segments.get(0).isEmpty()) {
            return null;
        }
        String accountId = segments.get(0);
        List<String> rest = segments.subList(1, segments.size());
        if (rest.size() >= 2 && rest.get(0).equals("scim") && rest.get(1).equals("v2")) {
            return scim(method, accountId, rest.subList(2, rest.size()));
        }
        if (!rest.isEmpty() && rest.get(0).equals("iam")) {
            return iam(method, accountId, rest.subList(1, rest.size()));
        }
        if (rest.size() == 1 && rest.get(0).equals("members") && method.equals("GET")) {
            return new Route("GET /members", accountId, Surface.IAM, null);
        }
        return null;
    }

    /** Whether a path is on the SCIM surface, to choose the error body of a 404 with no route. */
    static boolean isScimPath(String path) {
        return path.startsWith(ACCOUNTS) && path.contains("/scim/v2");
    }

    private static Route scim(String method, String accountId, List<String> rest) {
        if (rest.isEmpty()) {
            return null;
        }
        String resource = rest.get(0);
        return switch (resource) {
            case "Users", "Groups" -> switch (rest.size()) {
                case 1 -> method.equals("GET") || method.equals("POST")
                        ? new Route(method + " /" + resource, accountId, Surface.SCIM, null) : null;
                case 2 -> List.of("GET", "PUT", "PATCH", "DELETE").contains(method)
                        ? new Route(method + " /" + resource + "/{id}", accountId, Surface.SCIM, rest.get(1)) : null;
                default -> null;
            };
            case "ServiceProviderConfig" -> rest.size() == 1 && method.equals("GET")
                    ? new Route("GET /ServiceProviderConfig", accountId, Surface.SCIM, null) : null;
            case "Schemas", "ResourceTypes" -> {
                if (!method.equals("GET") || rest.size() > 2) {
                    yield null;
                }
                yield rest.size() == 1
                        ? new Route("GET /" + resource, accountId, Surface.SCIM, null)
                        : new Route("GET /" + resource + "/{id}", accountId, Surface.SCIM, rest.get(1));
            }
            default -> null;
        };
    }

    private static Route iam(String method, String accountId, List<String> rest) {
        if (rest.size() == 1 && rest.get(0).equals("permission_groups") && method.equals("GET")) {
            return new Route("GET /iam/permission_groups", accountId, Surface.IAM, null);
        }
        if (rest.isEmpty() || !List.of("user_groups", "resource_groups").contains(rest.get(0))) {
            return null;
        }
        String collection = "/iam/" + rest.get(0);
        if (rest.size() == 1 && (method.equals("GET") || method.equals("POST"))) {
            return new Route(method + " " + collection, accountId, Surface.IAM, null);
        }
        if (rest.size() == 2 && List.of("GET", "PUT", "DELETE").contains(method)) {
            return new Route(method + " " + collection + "/{id}", accountId, Surface.IAM, rest.get(1));
        }
        return null;
    }
}
