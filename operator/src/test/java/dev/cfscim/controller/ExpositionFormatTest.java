package dev.cfscim.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The linter MetricsScrapeTest runs refuses what promtool refuses, each for its reason, and takes a good scrape. */
class ExpositionFormatTest {

    private static final String GOOD = """
            # HELP requests_total Requests.
            # TYPE requests_total counter
            requests_total{method="GET",route="/Users"} 3.0
            requests_total{method="PATCH",route="/Groups/{id}"} 1.0
            # HELP answer_seconds Time to the answer.
            # TYPE answer_seconds histogram
            answer_seconds_bucket{route="/Users",le="0.1"} 1.0
            answer_seconds_bucket{route="/Users",le="1.0"} 2.0
            answer_seconds_bucket{route="/Users",le="+Inf"} 2.0
            answer_seconds_count{route="/Users"} 2.0
            answer_seconds_sum{route="/Users"} 0.7
            # HELP pause_seconds A summary.
            # TYPE pause_seconds summary
            pause_seconds{quantile="0.5"} 0.1
            pause_seconds_count 4.0
            pause_seconds_sum 0.5
            # HELP app_condition Per app; "quotes" and \\\\ escaped in HELP.
            # TYPE app_condition gauge
            app_condition{name="a\\"b",namespace="x\\\\y",status="true",type="Ready"} 1.0
            app_condition{name="c",namespace="x",status="true",type="Ready"} NaN
            """;

    @Test
    void aGoodScrapeHasNoProblemAndReadsBack() {
        ExpositionFormat.Scrape scrape = ExpositionFormat.read(GOOD);
        assertThat(scrape.problems()).isEmpty();
        assertThat(scrape.families()).containsOnlyKeys("requests_total", "answer_seconds", "pause_seconds", "app_condition");
        assertThat(scrape.samples("app_condition")).first()
                .satisfies(s -> assertThat(s.labels()).containsEntry("name", "a\"b").containsEntry("namespace", "x\\y"));
        assertThat(scrape.samples("answer_seconds_bucket")).hasSize(3);
    }

    static Stream<Arguments> badScrapes() {
        return Stream.of(
                Arguments.of("no HELP", "# TYPE up gauge\nup 1\n", "up has no HELP"),
                Arguments.of("empty HELP", "# HELP up \n# TYPE up gauge\nup 1\n", "up has no help text"),
                Arguments.of("no TYPE", "# HELP up Up.\nup 1\n", "up has no TYPE"),
                Arguments.of("a sample of no family", "up 1\n", "up has no TYPE line before it"),
                Arguments.of("two TYPEs", "# HELP up Up.\n# TYPE up gauge\n# TYPE up gauge\nup 1\n", "second TYPE for up"),
                Arguments.of("TYPE after samples", "# HELP up Up.\nup 1\n# TYPE up gauge\n", "TYPE of up after its samples"),
                Arguments.of("unknown type", "# HELP up Up.\n# TYPE up meter\nup 1\n", "unknown type 'meter'"),
                Arguments.of("a family split", "# HELP a A.\n# TYPE a gauge\na 1\n# HELP b B.\n# TYPE b gauge\nb 1\n"
                        + "# HELP a A.\n", "the lines of a are not together"),
                Arguments.of("a series twice", "# HELP up Up.\n# TYPE up gauge\nup{a=\"1\"} 1\nup{a=\"1\"} 2\n", "series twice"),
                Arguments.of("a counter without _total", "# HELP hits Hits.\n# TYPE hits counter\nhits 1\n", "must end in _total"),
                Arguments.of("_total on a gauge", "# HELP x_total X.\n# TYPE x_total gauge\nx_total 1\n", "_total is for counters"),
                Arguments.of("a negative counter", "# HELP x_total X.\n# TYPE x_total counter\nx_total -1\n", "a counter at -1.0"),
                Arguments.of("_count on a gauge", "# HELP cpu_count C.\n# TYPE cpu_count gauge\ncpu_count 2\n", "_count and _sum are for"),
                Arguments.of("an abbreviated unit", "# HELP cpu_ns_total C.\n# TYPE cpu_ns_total counter\ncpu_ns_total 2\n", "'ns' is not a base unit"),
                Arguments.of("milliseconds", "# HELP t_milliseconds T.\n# TYPE t_milliseconds gauge\nt_milliseconds 2\n", "not a base unit"),
                Arguments.of("camelCase", "# HELP queueSize Q.\n# TYPE queueSize gauge\nqueueSize 2\n", "not snake_case"),
                Arguments.of("a colon", "# HELP a:b R.\n# TYPE a:b gauge\na:b 2\n", "colons are for recording rules"),
                Arguments.of("its type in the name", "# HELP q_gauge Q.\n# TYPE q_gauge gauge\nq_gauge 2\n", "repeats its type"),
                Arguments.of("a bad metric name", "# HELP 1up Up.\n", "invalid metric name '1up'"),
                Arguments.of("a bad label name", "# HELP up Up.\n# TYPE up gauge\nup{__a=\"1\"} 1\n", "invalid label name '__a'"),
                Arguments.of("a label twice", "# HELP up Up.\n# TYPE up gauge\nup{a=\"1\",a=\"2\"} 1\n", "label a twice"),
                Arguments.of("a bad escape", "# HELP up Up.\n# TYPE up gauge\nup{a=\"\\t\"} 1\n", "bad escape \\t"),
                Arguments.of("an unterminated value", "# HELP up Up.\n# TYPE up gauge\nup{a=\"1} 1\n", "unterminated label value"),
                Arguments.of("a bad value", "# HELP up Up.\n# TYPE up gauge\nup one\n", "bad value or timestamp"),
                Arguments.of("le off a bucket", "# HELP up Up.\n# TYPE up gauge\nup{le=\"1\"} 1\n", "le belongs to histogram buckets"),
                Arguments.of("no +Inf bucket", "# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\nh_sum 1\n", "no +Inf bucket"),
                Arguments.of("a bucket going down", "# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\n"
                        + "h_count 1\nh_sum 1\n", "a bucket below the one before it"),
                Arguments.of("count unlike +Inf", "# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 3\nh_sum 1\n",
                        "is not the count"),
                Arguments.of("no _sum", "# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 2\n", "no _sum"),
                Arguments.of("a summary quantile missing", "# HELP s S.\n# TYPE s summary\ns 1\n", "quantile belongs to summary"),
                Arguments.of("no final line feed", "# HELP up Up.\n# TYPE up gauge\nup 1", "does not end with a line feed"),
                Arguments.of("a carriage return", "# HELP up Up.\r\n# TYPE up gauge\nup 1\n", "carriage return"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badScrapes")
    void refuses(String what, String scrape, String problem) {
        assertThat(ExpositionFormat.read(scrape).problems()).as(what).anyMatch(p -> p.contains(problem));
    }
}
