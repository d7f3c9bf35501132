package dev.cfscim.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** When a paged scan ends, reads on or fails, page by page, without a server. */
class PagedScanTest {

    private static List<String> ids(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    @Test
    void aTotalThatShrinksWhileTheScanPagesIsTheLatestWord() {
        PagedScan scan = new PagedScan("GET /Users", 2, 100);

        assertThat(scan.next(ids("a", 2), 5, "startIndex 1")).isTrue();
        // Two members left meanwhile: the second page says 3, and 3 have been read by its end.
        assertThat(scan.next(ids("b", 1), 3, "startIndex 3")).isFalse();
    }

    @Test
    void anEmptyFirstPageIsAnEmptyList() {
        assertThat(new PagedScan("GET /Users", 100, 100).next(List.of(), 0, "startIndex 1")).isFalse();
        assertThat(new PagedScan("GET /Users", 100, 100).next(List.of(), null, "startIndex 1")).isFalse();
    }

    @Test
    void withoutATotalAShortPageEndsTheScanOnlyAfterALongerOne() {
        PagedScan scan = new PagedScan("GET /Users", 100, 100);

        assertThat(scan.next(ids("a", 30), null, "startIndex 1")).as("one page alone is not trusted").isTrue();
        assertThat(scan.next(ids("b", 10), null, "startIndex 31")).isFalse();
    }

    @Test
    void pagesThatEndBeforeTheTotalFailTheScan() {
        PagedScan scan = new PagedScan("GET /Users", 2, 100);
        scan.next(ids("a", 2), 9, "startIndex 1");

        assertThatThrownBy(() -> scan.next(List.of(), 9, "startIndex 3")).isInstanceOfSatisfying(ScimException.class,
                e -> assertThat(e.getMessage()).isEqualTo("GET /Users: the server said 9 in all but its pages ended at "
                        + "startIndex 3 after 2: part of the list may be missing, and a partial list would plan changes "
                        + "on a state that is not the server's; nothing was read as the full list"));
    }

    @Test
    void aTotalIsANumberOrItsTextAndAnythingElseIsNone() throws Exception {
        ObjectMapper json = new ObjectMapper();

        assertThat(PagedScan.total(json.readTree("250"))).isEqualTo(250);
        assertThat(PagedScan.total(json.readTree("\"250\""))).isEqualTo(250);
        assertThat(PagedScan.total(json.readTree("-1"))).isNull();
        assertThat(PagedScan.total(json.readTree("2.5"))).isNull();
        assertThat(PagedScan.total(json.readTree("\"many\""))).isNull();
        assertThat(PagedScan.total(null)).isNull();
    }
}
