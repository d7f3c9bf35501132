package dev.cfscim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The check the quick run ends with (a non-zero exit when it finds anything): a results.md the
 * report writes passes it, and one whose floor accounting does not add up, whose models are
 * missing or out of order, or whose goals say what the figures do not, fails it. The figures are
 * made up here; what is checked is that they agree with each other.
 */
class ResultsCheckTest {

    private static final Bench.Config CONFIG = Bench.Config.quick();
    /** The account as the emulator starts: the owner, 70 groups of the model, 70 permission groups. */
    private static final Floor.Found FOUND = new Floor.Found(1, 70, 0, 70);
    private static final Workload WORKLOAD = Workload.generate(200, 5, 7);

    @Test
    void whatTheReportWritesPassesTheCheck() {
        String md = Report.markdown(results(Map.of()));

        assertThat(ResultsCheck.checkText(md, CONFIG)).isEmpty();
        assertThat(md.indexOf("### User groups (today's model)"))
                .isLessThan(md.indexOf("### Virtual role groups (until 2 December 2025)")).isPositive();
    }

    @Test
    void requestsAboveTheFloorAreAMissWithTheirRoutesAsItsCause() {
        String md = Report.markdown(results(Map.of("GET /members", 1L)));

        assertThat(md).contains("| user-groups | 200 | MISS (222, floor 221) |")
                .contains("+1 requests: +1 GET /members")
                .contains("user-groups, 200 users, cfscim engine: 1 GET /members");
        assertThat(ResultsCheck.checkText(md, CONFIG)).isEmpty();
    }

    /** A row the report writes, that row with a figure changed, and what the check must say of the change. */
    static Stream<Arguments> rowsWhoseFiguresDisagree() {
        String route = "| user-groups | 200 | cfscim engine | 200 | 5 | 5 | 5 | 1 | 1 | 1 | 2 | 1 | 0 | 221 |";
        return Stream.of(
                Arguments.of("a floor whose parts do not add up",
                        "| user-groups | 200 | 200 | 5 | 5 | 5 | 1 | 1 | 1 | 2 | 1 | 221 | 1 |",
                        "| user-groups | 200 | 200 | 5 | 5 | 5 | 1 | 1 | 1 | 2 | 1 | 220 | 1 |",
                        List.of("the floor of user-groups/200 is 220, its parts sum to 221",
                                "is set against a floor of 221, the floor table's is 220")),
                Arguments.of("a route row that does not add up", route, route.replace("| 0 | 221 |", "| 0 | 222 |"),
                        List.of("cfscim engine: routes sum to 221, total 222",
                                "222 requests by route, 221 in the provisioning table")),
                Arguments.of("a verdict the figures do not support", "| user-groups | 200 | PASS (221, floor 221) |",
                        "| user-groups | 200 | MISS (221, floor 221) |",
                        List.of("says MISS (221, floor 221) for 221 requests and a floor of 221",
                                "a missed goal at user-groups/200 states no cause")));
    }

    @ParameterizedTest(name = "{0} fails the check")
    @MethodSource("rowsWhoseFiguresDisagree")
    void aRowWhoseFiguresDisagreeFailsTheCheck(String what, String row, String changed, List<String> problems) {
        String md = Report.markdown(results(Map.of()));
        assertThat(md).contains(row);

        List<String> found = ResultsCheck.checkText(md.replace(row, changed), CONFIG);

        for (String problem : problems) {
            assertThat(found).anyMatch(p -> p.contains(problem));
        }
    }

    @Test
    void aModelMissingOrOutOfOrderFailsTheCheck() {
        String md = Report.markdown(results(Map.of()));
        String today = "### User groups (today's model)";
        String seed = "### Virtual role groups (until 2 December 2025)";

        String swapped = md.replace(today, "@@").replace(seed, today).replace("@@", seed);
        String without = md.replace(seed, "### Something else");

        assertThat(ResultsCheck.checkText(swapped, CONFIG)).anyMatch(p -> p.contains("## Initial provisioning: tables "
                + "for [virtual-groups, user-groups], expected one per model, today's first"));
        assertThat(ResultsCheck.checkText(without, CONFIG)).anyMatch(p -> p.contains("no provisioning row for cfscim "
                + "engine at 200 users in the virtual-groups model"));
    }

    /** A made-up quick-size run of cfscim plan: {@code parse} and {@code validate} seconds, the rest fixed. */
    static Results.Cli cli(GroupModel model, double parse, double validate) {
        Map<String, Double> phases = new HashMap<>();
        CliTimings.PHASES.forEach(p -> phases.put(p, 0.10));
        phases.put("parse", parse);
        phases.put("validate", validate);
        phases.put("total", 1.50);
        return new Results.Cli(model, 200, 3, phases, 1.60, 0.20, 180, 4, 4, 2.5);
    }

    /** Made-up figures of a quick run, our engine at the floor except for {@code extra} requests in today's model. */
    static Results results(Map<String, Long> extra) {
        List<Results.Provisioning> provisioning = new ArrayList<>();
        List<Results.Edit> edits = new ArrayList<>();
        List<Results.Quiet> quiet = new ArrayList<>();
        List<OperatorScenario.Result> operators = new ArrayList<>();
        List<OperatorFootprint.Result> footprints = new ArrayList<>();
        List<Results.Cli> cli = new ArrayList<>();
        for (GroupModel model : GroupModel.values()) {
            cli.add(cli(model, 0.30, 0.05));
            Floor floor = Floor.provisioning(model, WORKLOAD, FOUND);
            for (String contender : Report.CONTENDERS) {
                Map<String, Long> routes = new HashMap<>(floor.byRoute());
                if (contender.equals(Report.ENGINE) && model == GroupModel.USER_GROUPS) {
                    routes.putAll(extra);
                } else if (!contender.equals(Report.ENGINE)) {
                    routes.merge("GET /Users", 200L, Long::sum);
                }
                long requests = routes.values().stream().mapToLong(Long::longValue).sum();
                provisioning.add(new Results.Provisioning(model, contender, 200, 5, WORKLOAD.memberships(), requests,
                        routes, floor, 0.5, 0.4, 1, 0.5 * requests / floor.total(), 0, 0));
                edits.add(new Results.Edit(model, contender, 200, 1, List.of(1.0, 2.0), "one PATCH"));
                quiet.add(new Results.Quiet(model, contender, 200, 0, "none", 4, Floor.scan(model, FOUND), "a scan"));
            }
            edits.add(new Results.Edit(model, Report.OPERATOR, 500, 1, List.of(50.0, 60.0), "one PATCH"));
            Workload operatorWorkload = Workload.generate(500, 5, 7);
            Floor operatorFloor = Floor.provisioning(model, operatorWorkload, FOUND);
            OperatorScenario.TimeSpent spent = new OperatorScenario.TimeSpent(3, 2.0, 1.0);
            operators.add(new OperatorScenario.Result(model, 500, operatorFloor.total(), operatorFloor.byRoute(),
                    operatorFloor, 3.0, List.of(50.0, 60.0), 1, 0, 3.0, 20, 30, 200, 300, spent, spent,
                    new OperatorScenario.Scale(0.2, 1500, List.of(30.0, 40.0), List.of(20.0, 25.0), 1.0, 2.0, 12.0)));
            footprints.add(new OperatorFootprint.Result(model, 500, 3.0, List.of(30.0, 40.0), 60.0, 210.0, 240.0, null));
        }
        return new Results(CONFIG, new Machine(2, "8 GiB", "a JDK", "Linux"), provisioning, edits, quiet, operators,
                footprints, cli, 30, 1.0, 1.5);
    }
}
