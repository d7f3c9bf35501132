package dev.cfscim.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.api.UserNameRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The remembered verdicts are the rules' own, opt-in and all, whatever came before them. */
class UserNameVerdictsTest {

    @Test
    void aRememberedVerdictIsTheRulesVerdict() {
        UserNameVerdicts verdicts = new UserNameVerdicts();
        List<String> names = List.of("ann@example.com", "not-an-address", "\u0430nn@example.com", "bob@ex\u0430mple.com",
                "cat@example.com", "");
        for (int round = 0; round < 2; round++) {
            for (String name : names) {
                for (Boolean allow : new Boolean[] {null, false, true}) {
                    ScimUserSpec spec = new ScimUserSpec(name, null, null, true);
                    spec.setAllowConfusableUserName(allow);
                    assertThat(verdicts.refusal(spec)).as("%s, allowConfusableUserName %s", name, allow)
                            .isEqualTo(UserNameRules.refusal(spec));
                }
            }
        }
        // The opt-in is not remembered as the strict verdict: a confusable name opted in, then out.
        ScimUserSpec optedIn = new ScimUserSpec("d\u0430n@example.com", null, null, true);
        optedIn.setAllowConfusableUserName(true);
        assertThat(verdicts.refusal(optedIn)).isEmpty();
        ScimUserSpec optedOut = new ScimUserSpec("d\u0430n@example.com", null, null, true);
        assertThat(verdicts.refusal(optedOut)).isPresent();
    }
}
