package dev.cfscim.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.icu.text.SpoofChecker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which userNames read as another, what the message names, and what checking 10,000 ordinary ones costs. */
class ConfusableUserNamesTest {

    @Test
    void aCyrillicLetterAmongLatinOnesIsNamedWithItsPosition() {
        assertThat(ConfusableUserNames.problem("p\u0430ul@example.com")).hasValueSatisfying(m -> assertThat(m)
                .contains("mixes scripts", "U+0430 CYRILLIC SMALL LETTER A at position 2"));
        // In the domain: positions count from the userName's start.
        assertThat(ConfusableUserNames.problem("paul@ex\u0430mple.com")).hasValueSatisfying(m -> assertThat(m)
                .contains("U+0430 CYRILLIC SMALL LETTER A at position 8"));
        assertThat(ConfusableUserNames.problem("\u03bflga@example.com")).hasValueSatisfying(m -> assertThat(m)
                .contains("U+03BF GREEK SMALL LETTER OMICRON at position 1"));
    }

    @Test
    void aLocalPartWhollyOfLookAlikesOfAsciiIsRefused() {
        // "раураl" in Cyrillic but for the last letter would be mixed; this one is Cyrillic throughout.
        assertThat(ConfusableUserNames.problem("\u0440\u0430\u0443\u0440\u0430@example.com"))
                .hasValueSatisfying(m -> assertThat(m).contains("look-alikes of ASCII letters",
                        "U+0440 CYRILLIC SMALL LETTER ER at position 1"));
    }

    @Test
    void namesInOneScriptAndOrdinaryAccentsPass() {
        assertThat(ConfusableUserNames.problem("alice@example.com")).isEmpty();
        assertThat(ConfusableUserNames.problem("jos\u00e9.m\u00fcller@example.com")).isEmpty();
        assertThat(ConfusableUserNames.problem("\u0438\u0432\u0430\u043d@example.com")).as("иван").isEmpty();
        assertThat(ConfusableUserNames.problem("\u7530\u4e2d@example.jp")).as("田中").isEmpty();
    }

    @Test
    void theOptOutAcceptsWhatWouldBeRefused() {
        ScimUserSpec spec = new ScimUserSpec("p\u0430ul@example.com", null, null, true);
        assertThat(ConfusableUserNames.refused(spec)).isTrue();
        spec.setAllowConfusableUserName(true);
        assertThat(ConfusableUserNames.refused(spec)).isFalse();
    }

    /** The ASCII shortcut changes no answer: ICU passes the same ASCII userNames, l/I/1 look-alikes included. */
    @Test
    void icuPassesEveryAsciiUserNameTheShortcutSkips() {
        SpoofChecker icu = new SpoofChecker.Builder()
                .setRestrictionLevel(SpoofChecker.RestrictionLevel.MODERATELY_RESTRICTIVE)
                .setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.INVISIBLE | SpoofChecker.MIXED_NUMBERS)
                .build();
        for (String name : List.of("alice", "I1l0O", "paypa1", "rn.m", "first.last+tag", "x_y-z", "example.com",
                "0123456789", "A.B.C")) {
            assertThat(icu.failsChecks(name)).as(name).isFalse();
            assertThat(icu.getSkeleton(name).chars().allMatch(c -> c < 0x80)).as(name).isTrue();
        }
    }

    /**
     * 10,000 ordinary userNames, as a reconcile of a large namespace checks them: none refused, and
     * the cost printed as a figure (never bounded: a busy machine would make a bound flake). Measured on the 2-core build machine: under
     * 10 ms with the ASCII shortcut, against 100 to 150 ms through ICU for the same names.
     */
    @Test
    void tenThousandAsciiUserNamesPassAndTheirCostIsPrinted() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            names.add("user" + i + ".name@example.com");
        }
        SpoofChecker icu = new SpoofChecker.Builder()
                .setRestrictionLevel(SpoofChecker.RestrictionLevel.MODERATELY_RESTRICTIVE)
                .setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.INVISIBLE | SpoofChecker.MIXED_NUMBERS)
                .build();
        names.forEach(ConfusableUserNames::problem);
        names.forEach(icu::failsChecks);

        long start = System.nanoTime();
        long refused = names.stream().filter(n -> ConfusableUserNames.problem(n).isPresent()).count();
        long shortcut = System.nanoTime() - start;
        start = System.nanoTime();
        long failedIcu = names.stream().filter(icu::failsChecks).count();
        long throughIcu = System.nanoTime() - start;

        System.out.printf("10,000 ASCII userNames: %.2f ms with the ASCII shortcut, %.2f ms through ICU%n",
                shortcut / 1e6, throughIcu / 1e6);
        assertThat(refused).isZero();
        assertThat(failedIcu).isZero();
    }
}
