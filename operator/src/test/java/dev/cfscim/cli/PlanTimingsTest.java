package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.emulator.Profile;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code --timings}: one line on standard error, every phase of the run, and nothing on standard output. */
class PlanTimingsTest {

    @RegisterExtension
    final EmulatedAccount account = new EmulatedAccount(Profile.USER_GROUPS, "timings-token");

    @Test
    void planWithTimingsSaysWhereTheRunSpentItsTimePhaseByPhase() {
        CfscimRun plan = CfscimRun.of(account.args("plan", "../examples", "--timings"));

        assertThat(plan.exit()).as(plan.err()).isZero();
        List<String> lines = Arrays.stream(plan.err().split("\n")).filter(l -> l.startsWith(PhaseTimes.PREFIX)).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).matches("Timings: start \\d+\\.\\d\\d s, parse \\d+\\.\\d\\d s, validate \\d+\\.\\d\\d s, "
                + "connect \\d+\\.\\d\\d s, desired \\d+\\.\\d\\d s, scan \\d+\\.\\d\\d s, plan \\d+\\.\\d\\d s, "
                + "print \\d+\\.\\d\\d s, total \\d+\\.\\d\\d s");
        assertThat(plan.out()).doesNotContain(PhaseTimes.PREFIX).contains("Plan: ");
    }

    @Test
    void applyNamesItsOwnWorkAndWithoutTheFlagNothingIsPrinted() {
        CfscimRun apply = CfscimRun.of(account.args("apply", "../examples", "--auto-approve", "--timings"));
        CfscimRun plan = CfscimRun.of(account.args("plan", "../examples"));

        assertThat(apply.exit()).as(apply.err()).isZero();
        assertThat(apply.err()).containsPattern("Timings: start .*, plan \\d+\\.\\d\\d s, apply \\d+\\.\\d\\d s, total");
        assertThat(plan.err()).doesNotContain(PhaseTimes.PREFIX);
    }
}
