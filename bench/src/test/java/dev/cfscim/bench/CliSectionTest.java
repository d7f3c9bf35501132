package dev.cfscim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The command line's section of results.md: a row per model and size, today's first, the goal's
 * verdict computed from the row's own medians, and the check that reads it back.
 */
class CliSectionTest {

    private static final Bench.Config CONFIG = Bench.Config.quick();

    @Test
    void aRowWhoseValidationCostsNoMoreThanParsingMeetsTheGoal() {
        String md = Report.markdown(with(ResultsCheckTest.cli(GroupModel.USER_GROUPS, 0.30, 0.05),
                ResultsCheckTest.cli(GroupModel.VIRTUAL_GROUPS, 0.30, 0.30)));

        assertThat(md).contains("\n" + CliSection.HEADING + "\n")
                .contains("| user-groups | 200 | 0.10 | 0.30 | 0.05 | 0.10 | 0.10 | 0.10 | 0.10 | 0.10 | 1.50 | 1.60 "
                        + "| 0.20 | 180 | 4 | 4 | 2.5 | PASS (0.05 <= 0.30) |")
                .contains("| virtual-groups | 200 | 0.10 | 0.30 | 0.30 |")
                .contains("PASS (0.30 <= 0.30) |")
                .contains("Every row meets it.")
                .contains("*Boot + exit* less the CLI's *start*: +0.10 to +0.10 s");
        assertThat(md.indexOf("| user-groups | 200 | 0.10")).isLessThan(md.indexOf("| virtual-groups | 200 | 0.10"));
        assertThat(md.indexOf("## The operator")).isLessThan(md.indexOf(CliSection.HEADING));
        assertThat(ResultsCheck.checkText(md, CONFIG)).isEmpty();
    }

    @Test
    void aRowWhoseValidationCostsMoreIsAMissNamedBelowTheTable() {
        String md = Report.markdown(with(ResultsCheckTest.cli(GroupModel.USER_GROUPS, 0.30, 0.05),
                ResultsCheckTest.cli(GroupModel.VIRTUAL_GROUPS, 0.30, 0.31)));

        assertThat(md).contains("MISS (0.31 > 0.30) |").contains("Missed: virtual-groups at 200 users");
        assertThat(ResultsCheck.checkText(md, CONFIG)).isEmpty();
    }

    /**
     * A miss is named with its validation beside that of the next size: a fixed cost when ten times
     * the users validate in at most 10% more, else only the figures.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0.90 | 0.42 | (validating them took 0.40 s, 2000 users 0.42 s): there validation costs about what it costs for ten times the users or more, its fixed part
            3.00 | 2.40 | (validating them took 0.40 s, 2000 users 2.40 s); every other row meets it.
            """)
    void aMissIsNamedWithTheNextSizesValidation(double largerParse, double largerValidate, String said) {
        String md = Report.markdown(with(ResultsCheckTest.cli(GroupModel.USER_GROUPS, 0.30, 0.05),
                ResultsCheckTest.cli(GroupModel.VIRTUAL_GROUPS, 0.30, 0.40),
                sized(ResultsCheckTest.cli(GroupModel.VIRTUAL_GROUPS, largerParse, largerValidate), 2000)));

        assertThat(md).contains("Missed: virtual-groups at 200 users " + said);
        assertThat(md.contains("fixed part")).isEqualTo(said.contains("fixed part"));
    }

    private static Results.Cli sized(Results.Cli cli, int users) {
        return new Results.Cli(cli.model(), users, cli.runs(), cli.phases(), cli.wallSeconds(), cli.bootAndExitSeconds(),
                cli.peakRssMb(), cli.planRequests(), cli.scanFloor(), cli.applySeconds());
    }

    @Test
    void aVerdictItsFiguresDoNotSupportFailsTheCheck() {
        String md = Report.markdown(with(ResultsCheckTest.cli(GroupModel.USER_GROUPS, 0.30, 0.05),
                ResultsCheckTest.cli(GroupModel.VIRTUAL_GROUPS, 0.30, 0.05)));

        String row = "| 0.30 | 0.05 | 0.10 | 0.10 | 0.10 | 0.10 | 0.10 | 1.50 | 1.60 | 0.20 | 180 | 4 | 4 | 2.5 "
                + "| PASS (0.05 <= 0.30) |";
        assertThat(md).contains(row);
        String wrong = md.replaceFirst(java.util.regex.Pattern.quote(row),
                row.replace("| 0.30 | 0.05 |", "| 0.30 | 0.50 |"));

        assertThat(wrong).isNotEqualTo(md);
        assertThat(ResultsCheck.checkText(wrong, CONFIG)).anyMatch(p -> p.contains("the command line's goal at "
                + "user-groups/200 says PASS (0.05 <= 0.30) for validate 0.50 s and parse 0.30 s"));
    }

    @Test
    void aMissingModelOrANonNumericCellFailsTheCheck() {
        String md = Report.markdown(with(ResultsCheckTest.cli(GroupModel.USER_GROUPS, 0.30, 0.05)));
        assertThat(ResultsCheck.checkText(md, CONFIG))
                .anyMatch(p -> p.contains("the command line's table has no row for 200 users in the virtual-groups "
                        + "model"))
                .anyMatch(p -> p.contains("the command line's table: models [user-groups]"));

        String both = Report.markdown(with(ResultsCheckTest.cli(GroupModel.USER_GROUPS, 0.30, 0.05),
                ResultsCheckTest.cli(GroupModel.VIRTUAL_GROUPS, 0.30, 0.05)));
        String wrong = both.replace("| 1.60 | 0.20 |", "| slow | 0.20 |");
        assertThat(ResultsCheck.checkText(wrong, CONFIG)).anyMatch(p -> p.contains("'slow' in row"));
    }

    @Test
    void anUnknownPeakRssIsADashAndPasses() {
        Results.Cli known = ResultsCheckTest.cli(GroupModel.VIRTUAL_GROUPS, 0.30, 0.05);
        Results.Cli unknown = new Results.Cli(known.model(), known.users(), known.runs(), known.phases(),
                known.wallSeconds(), known.bootAndExitSeconds(), -1, known.planRequests(), known.scanFloor(),
                known.applySeconds());
        String md = Report.markdown(with(ResultsCheckTest.cli(GroupModel.USER_GROUPS, 0.30, 0.05), unknown));

        assertThat(md).contains("| 1.60 | 0.20 | - | 4 |");
        assertThat(ResultsCheck.checkText(md, CONFIG)).isEmpty();
    }

    @Test
    void theCliOnlyCheckReadsTheSectionAlone() {
        StringBuilder md = new StringBuilder("# cfscim plan at size\n\n");
        CliSection.append(md, with(ResultsCheckTest.cli(GroupModel.USER_GROUPS, 0.30, 0.05),
                ResultsCheckTest.cli(GroupModel.VIRTUAL_GROUPS, 0.30, 0.05)));

        assertThat(ResultsCheck.checkCliText(md.toString(), CONFIG)).isEmpty();
        assertThat(ResultsCheck.checkCliText("# nothing\n", CONFIG)).anyMatch(p -> p.contains("no table"));
    }

    /** The made-up quick run of ResultsCheckTest with these command-line rows. */
    private static Results with(Results.Cli... cli) {
        Results r = ResultsCheckTest.results(Map.of());
        return new Results(r.config(), r.machine(), r.provisioning(), r.edits(), r.quiet(), r.operators(), r.footprints(),
                List.of(cli), r.runSeconds(), r.loadAtStart(), r.loadAtEnd());
    }
}
