package dev.cfscim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One paged list read so that it never ends early in silence nor runs for ever: it fails instead
 * of handing back a part of the list, because a scan that misses members would plan changes on a
 * state that is not Cloudflare's.
 *
 * <p>The total a server reports ends the scan only while the pages agree with it. Without one, or
 * once the pages hold more than it said, the scan reads on to an empty page or to a short one (a
 * page smaller than both the count asked and every earlier page, so that a server that answers
 * fewer than asked per page is not taken to be done after its first). Pages ending before the
 * total fail the scan, a page that starts where an earlier one did means the server ignores the
 * position asked, and no scan reads more than {@code maxPages}.
 */
final class PagedScan {

    private final String route;
    private final int pageSize;
    private final int maxPages;
    private final Set<String> firstItems = new HashSet<>();
    private int pages;
    private int items;
    private int largestPage;
    private Integer total;
    private boolean totalContradicted;

    /** {@code route} names the list in messages ({@code GET /Users}); {@code pageSize} is the count asked. */
    PagedScan(String route, int pageSize, int maxPages) {
        this.route = route;
        this.pageSize = pageSize;
        this.maxPages = maxPages;
    }

    /**
     * Takes one page, known by the keys of its items in order (their ids) and the total it reported
     * (null when none); {@code position} names the page in messages ({@code startIndex 101}).
     * Answers whether another page is to be read, or throws when the pages cannot be trusted.
     */
    boolean next(List<String> keys, Integer reportedTotal, String position) {
        pages++;
        if (reportedTotal != null) {
            // The latest word wins: members come and go while a scan pages through them.
            total = reportedTotal;
        }
        if (keys.isEmpty()) {
            checkComplete(position);
            return false;
        }
        if (!firstItems.add(keys.get(0))) {
            throw new ScimException(ScimException.Kind.PERMANENT, 0, null, route + ": the page at " + position
                    + " starts with the same item (" + keys.get(0) + ") as an earlier page: the server ignores the "
                    + "position asked, and paging on would never end; nothing was read as the full list", null, null);
        }
        items += keys.size();
        if (total != null && items > total) {
            // More than it said: the total is wrong, so only the pages themselves can say where they end.
            totalContradicted = true;
        }
        boolean totalTrusted = total != null && !totalContradicted;
        boolean shortPage = keys.size() < pageSize && keys.size() < largestPage;
        largestPage = Math.max(largestPage, keys.size());
        if (totalTrusted ? items == total : shortPage) {
            return false;
        }
        if (pages >= maxPages) {
            throw new ScimException(ScimException.Kind.PERMANENT, 0, null, route + ": still more after " + pages
                    + " pages (" + items + " items), the most a scan reads (maxPages): the server's paging "
                    + "cannot be trusted; nothing was read as the full list", null, null);
        }
        return true;
    }

    /** The pages ran out: fine unless a total they agreed with promised more. */
    private void checkComplete(String position) {
        if (total != null && !totalContradicted && items < total) {
            throw new ScimException(ScimException.Kind.TRANSIENT, 0, null, route + ": the server said "
                    + total + " in all but its pages ended at " + position + " after " + items
                    + ": part of the list may be missing, and a partial list would plan changes on a state that is "
                    + "not the server's; nothing was read as the full list", null, null);
        }
    }

    /** What tells the items of a page apart: their ids, or the whole item where one has none. */
    static List<String> keys(JsonNode items) {
        List<String> keys = new ArrayList<>();
        items.forEach(item -> keys.add(item.hasNonNull("id") ? item.get("id").asText() : item.toString()));
        return keys;
    }

    /**
     * A reported total, a whole number or its text (as some servers send numbers); null when absent
     * or anything else, which pages as if absent.
     */
    static Integer total(JsonNode value) {
        if (value != null && value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 0) {
            return value.intValue();
        }
        return value != null && value.isTextual() && value.textValue().matches("\\d{1,9}")
                ? Integer.valueOf(value.textValue()) : null;
    }
}
