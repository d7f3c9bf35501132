package dev.cfscim.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Every user, read as a client pages through them: from startIndex 1, on until totalResults. */
final class ScimPaging {

    private ScimPaging() {
    }

    /** All users in listing order, {@code pageSize} a page; every page before the total is reached holds some. */
    static List<JsonNode> allUsers(ContractHttp scim, int pageSize) {
        List<JsonNode> users = new ArrayList<>();
        int start = 1;
        int total;
        do {
            JsonNode page = scim.get("/Users?startIndex=" + start + "&count=" + pageSize).json();
            total = page.path("totalResults").asInt();
            JsonNode resources = page.path("Resources");
            assertThat(resources.size()).as("page at startIndex %d of %d", start, total).isPositive();
            resources.forEach(users::add);
            start += resources.size();
        } while (start <= total);
        return users;
    }
}
