package dev.cfscim.docs;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A guide's output block checked against what the command printed: every line of the block but
 * blank ones and {@code ...} (an elision) must be a line the command printed (standard output and
 * error, as a terminal shows them), in the block's order; other lines may come between. Before
 * comparing, both sides have what varies from run to run made alike: times, durations in
 * {@code s} or {@code ms}, and ids; the run's own port reads 8787 and its working folder is taken
 * off its paths, as the guide's user would see them.
 */
final class ShownOutput {

    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
    private static final Pattern DURATION = Pattern.compile("\\b\\d+(\\.\\d+)?(ms|s)\\b");
    private static final Pattern UUID = Pattern.compile("\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b");
    private static final Pattern HEX_ID = Pattern.compile("\\b[0-9a-f]{32}\\b");

    private ShownOutput() {
    }

    /** What is wrong with {@code printed} against the block's {@code shown} lines, or empty when it shows them all. */
    static Optional<String> mismatch(List<String> shown, String printed, Path workingDirectory, int port) {
        String asSeen = printed.replace(workingDirectory.toAbsolutePath() + "/", "")
                .replace(":" + port, ":" + GuideShell.GUIDE_PORT);
        List<String> lines = asSeen.lines().map(ShownOutput::alike).toList();
        int from = 0;
        for (String line : shown) {
            if (line.isBlank() || line.strip().equals("...")) {
                continue;
            }
            String wanted = alike(line);
            int found = -1;
            for (int i = from; i < lines.size(); i++) {
                if (lines.get(i).equals(wanted)) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                boolean earlier = lines.subList(0, from).contains(wanted);
                return Optional.of("the output block shows a line the command did not print"
                        + (earlier ? " after the lines before it" : "") + ":\n  " + line + "\nIt printed:\n" + printed);
            }
            from = found + 1;
        }
        return Optional.empty();
    }

    static String alike(String line) {
        String alike = TIME.matcher(line).replaceAll("<time>");
        alike = UUID.matcher(alike).replaceAll("<id>");
        alike = HEX_ID.matcher(alike).replaceAll("<id>");
        alike = DURATION.matcher(alike).replaceAll("<duration>");
        return alike.stripTrailing();
    }
}
