package dev.cfscim.api;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.SpoofChecker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Refuses userNames that read as another one: a Cyrillic "а" among Latin letters, a local part
 * made wholly of look-alikes of ASCII letters, invisible or mixed-system digits. Judged by ICU's
 * {@link SpoofChecker} (Unicode TR 39) on the local part and the domain separately, so that a
 * name wholly in one script at a Latin domain ({@code иван@example.com}) passes. The operator and
 * the CLI share it; a ScimUser may opt out with {@code allowConfusableUserName: true}.
 */
public final class ConfusableUserNames {

    /**
     * Latin with at most one other script that cannot pass for it (Han, Hangul, ...; not Cyrillic
     * or Greek), no invisible characters, one digit system: TR 39's "moderately restrictive".
     */
    private static final SpoofChecker CHECKER = new SpoofChecker.Builder()
            .setRestrictionLevel(SpoofChecker.RestrictionLevel.MODERATELY_RESTRICTIVE)
            .setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.INVISIBLE | SpoofChecker.MIXED_NUMBERS)
            .build();

    private ConfusableUserNames() {
    }

    /**
     * Why the userName may be mistaken for another, naming the suspicious characters
     * ({@code U+0430 CYRILLIC SMALL LETTER A at position 2}, positions counted in characters from
     * 1); empty when it may not be. Pure ASCII is never confusable here and skips ICU: it is one
     * script (Latin, with digits and punctuation of none), holds no invisible character and one
     * digit system, so every check above passes it, and the look-alikes within ASCII (l, I, 1) are
     * none of TR 39's single-string checks. That keeps 10,000 ordinary userNames cheap to check at
     * every reconcile.
     */
    public static Optional<String> problem(String userName) {
        if (userName == null || isAscii(userName)) {
            return Optional.empty();
        }
        int at = userName.lastIndexOf('@');
        List<int[]> suspicious = new ArrayList<>();
        String kind = null;
        for (int[] part : at < 0 ? new int[][] {{0, userName.length()}}
                : new int[][] {{0, at}, {at + 1, userName.length()}}) {
            String text = userName.substring(part[0], part[1]);
            if (isAscii(text)) {
                continue;
            }
            if (CHECKER.failsChecks(text)) {
                kind = kind == null ? "mixes scripts or holds invisible or mixed-system characters" : kind;
                suspicious.addAll(minorityCharacters(text, part[0]));
            } else if (isAscii(CHECKER.getSkeleton(text))) {
                // Every character reads as an ASCII one: the whole part impersonates an ASCII name.
                kind = kind == null ? "is made of look-alikes of ASCII letters" : kind;
                suspicious.addAll(nonAscii(text, part[0]));
            }
        }
        if (kind == null) {
            return Optional.empty();
        }
        List<String> named = new ArrayList<>();
        for (int[] c : suspicious.subList(0, Math.min(5, suspicious.size()))) {
            named.add(String.format("U+%04X %s at position %d", c[0], UCharacter.getName(c[0]), c[1]));
        }
        return Optional.of("'" + userName + "' " + kind + ": " + String.join(", ", named)
                + (suspicious.size() > 5 ? ", ..." : "")
                + "; if it is right, set allowConfusableUserName: true on the ScimUser");
    }

    /** Whether the ScimUser's userName is refused: confusable, and not opted out. */
    public static boolean refused(ScimUserSpec spec) {
        return spec != null && !Boolean.TRUE.equals(spec.getAllowConfusableUserName())
                && problem(spec.getUserName()).isPresent();
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The characters outside the part's main script (that of most of its letters); else its non-ASCII ones. */
    private static List<int[]> minorityCharacters(String text, int offset) {
        Map<Integer, Integer> counts = new HashMap<>();
        text.codePoints().map(UScript::getScript).filter(ConfusableUserNames::isLetterScript)
                .forEach(s -> counts.merge(s, 1, Integer::sum));
        int main = counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(UScript.LATIN);
        List<int[]> found = characters(text, offset, c -> isLetterScript(UScript.getScript(c))
                && UScript.getScript(c) != main);
        return found.isEmpty() ? nonAscii(text, offset) : found;
    }

    private static List<int[]> nonAscii(String text, int offset) {
        return characters(text, offset, c -> c >= 0x80);
    }

    /** The code points of {@code text} that {@code suspicious} picks, each as {code point, position}. */
    private static List<int[]> characters(String text, int offset, IntPredicate suspicious) {
        List<int[]> found = new ArrayList<>();
        int position = offset;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            position++;
            if (suspicious.test(c)) {
                found.add(new int[] {c, position});
            }
            i += Character.charCount(c);
        }
        return found;
    }

    private static boolean isLetterScript(int script) {
        return script != UScript.COMMON && script != UScript.INHERITED && script != UScript.UNKNOWN;
    }
}
