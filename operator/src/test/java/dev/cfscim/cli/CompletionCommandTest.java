package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * `cfscim completion`: a script each shell accepts, that completes the commands and their options.
 * bash is on this machine and CI's, so bash parses its script; fish and pwsh are not, so their
 * scripts are read here by their shells' quoting rules, and checked against the commands' model.
 */
class CompletionCommandTest {

    @Test
    void bashCompletesSubcommandsAndTheirOptions(@TempDir Path dir) throws Exception {
        CfscimRun run = CfscimRun.of("completion", "bash");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("complete -F").contains("plan").contains("apply").contains("doctor")
                .contains("version").contains("--allow-deprovisions").contains("-detailed-exitcode");
        Path script = dir.resolve("cfscim-completion.bash");
        Files.writeString(script, run.out());
        // bash itself must parse it, as a user's shell will when it sources it.
        assertShellAccepts(List.of("bash", "-n", script.toString()));
    }

    @Test
    void zshLoadsBashCompletionFirst() {
        CfscimRun run = CfscimRun.of("completion", "zsh");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n")
                .contains("complete -F");
    }

    @Test
    void fishHasACompleteLineForEverySubcommandAndOption(@TempDir Path dir) throws Exception {
        CfscimRun run = CfscimRun.of("completion", "fish");
        assertThat(run.exit()).as(run.err()).isZero();

        Set<String> subcommands = new HashSet<>();
        Map<String, Set<String>> optionsByCondition = new HashMap<>();
        for (String line : run.out().split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            List<String> words = fishWords(line);
            assertThat(words.subList(0, 3)).as(line).containsExactly("complete", "-c", "cfscim");
            String condition = "";
            for (int i = 3; i < words.size(); i++) {
                String flag = words.get(i);
                assertThat(flag).as("a flag of fish's complete, in: " + line)
                        .isIn("-n", "-a", "-d", "-l", "-s", "-o", "-f", "-F", "-r", "-x");
                if (Set.of("-f", "-F", "-r", "-x").contains(flag)) {
                    continue;
                }
                String arg = words.get(++i);
                switch (flag) {
                    case "-n" -> condition = arg;
                    case "-a" -> {
                        if (condition.equals("__fish_use_subcommand")) {
                            subcommands.add(arg);
                        }
                    }
                    case "-l" -> optionsByCondition.computeIfAbsent(condition, c -> new HashSet<>()).add("--" + arg);
                    case "-s", "-o" -> optionsByCondition.computeIfAbsent(condition, c -> new HashSet<>()).add("-" + arg);
                    default -> assertThat(arg).as("a description, in: " + line).isNotBlank();
                }
            }
        }

        CommandLine cfscim = Cfscim.commandLine();
        assertThat(subcommands).containsExactlyInAnyOrderElementsOf(cfscim.getSubcommands().keySet());
        assertThat(optionsByCondition.get("__fish_use_subcommand")).containsAll(names(cfscim));
        cfscim.getSubcommands().forEach((name, sub) -> assertThat(optionsByCondition.get("__fish_seen_subcommand_from " + name))
                .as("the options of " + name).containsExactlyInAnyOrderElementsOf(names(sub)));
        assertThat(run.out()).as("Terraform's and kubectl's spellings, and the values -o takes")
                .contains("-l 'json' -o 'json'").contains("-s 'o' -l 'output'").contains("-x -a 'json'")
                .contains("-a 'bash zsh fish powershell'")
                .contains("-o 'out' -l 'out'").contains("-r -F");

        Path script = Files.writeString(dir.resolve("cfscim.fish"), run.out());
        if (onPath("fish")) {
            assertShellAccepts(List.of("fish", "--no-execute", script.toString()));
        }
    }

    @Test
    void powerShellRegistersACompleterListingEverySubcommandAndOption(@TempDir Path dir) throws Exception {
        CfscimRun run = CfscimRun.of("completion", "powershell");
        assertThat(run.exit()).as(run.err()).isZero();
        String script = run.out();
        assertThat(script).contains("Register-ArgumentCompleter -Native -CommandName 'cfscim' -ScriptBlock {")
                .contains("param($wordToComplete, $commandAst, $cursorPosition)")
                .contains("[System.Management.Automation.CompletionResult]::new(");
        assertPowerShellBalanced(script);

        // The $words table: each command's key, then one @{ n = 'NAME'; d = '...' } per subcommand or option.
        Map<String, Set<String>> words = new HashMap<>();
        String current = null;
        Pattern key = Pattern.compile("^ {8}'((?:[^']|'')*)' = @\\($");
        Pattern item = Pattern.compile("^ {12}@\\{ n = '((?:[^']|'')*)'; d = '(?:[^']|'')+' }$");
        String table = script.substring(script.indexOf("$words = @{"), script.indexOf("$values = @{"));
        for (String line : table.split("\n")) {
            Matcher k = key.matcher(line);
            Matcher i = item.matcher(line);
            if (k.matches()) {
                current = k.group(1);
                words.put(current, new HashSet<>());
            } else if (i.matches()) {
                words.get(current).add(i.group(1).replace("''", "'"));
            }
        }
        CommandLine cfscim = Cfscim.commandLine();
        Set<String> root = new HashSet<>(cfscim.getSubcommands().keySet());
        root.addAll(names(cfscim));
        assertThat(words.get("")).containsExactlyInAnyOrderElementsOf(root);
        cfscim.getSubcommands().forEach((name, sub) -> assertThat(words.get(name)).as("the options of " + name)
                .containsExactlyInAnyOrderElementsOf(names(sub)));
        assertThat(script).contains("'plan -o' = @(@{ n = 'json'; d = 'json' })")
                .contains("'completion' = @(@{ n = 'bash'; d = 'bash' }, @{ n = 'zsh'; d = 'zsh' }, "
                        + "@{ n = 'fish'; d = 'fish' }, @{ n = 'powershell'; d = 'powershell' })");

        Path file = Files.writeString(dir.resolve("cfscim.ps1"), script);
        if (onPath("pwsh")) {
            assertShellAccepts(List.of("pwsh", "-NoProfile", "-Command",
                    "$e = $null; [System.Management.Automation.Language.Parser]::ParseFile('" + file
                            + "', [ref]$null, [ref]$e) | Out-Null; if ($e.Count) { $e; exit 1 }"));
        }
    }

    @Test
    void quotesInDescriptionsAreEscapedForEachShell() {
        assertThat(FishCompletion.quoted("cfscim's \\ path")).isEqualTo("'cfscim\\'s \\\\ path'");
        assertThat(fishWords("complete -d " + FishCompletion.quoted("cfscim's \\ path"))).containsExactly("complete", "-d",
                "cfscim's \\ path");
        assertThat(PowerShellCompletion.quoted("cfscim's \u2019quoted\u2019")).isEqualTo("'cfscim''s \u2019\u2019quoted\u2019\u2019'");
    }

    @Test
    void anUnknownShellIsAClearError() {
        CfscimRun run = CfscimRun.of("completion", "tcsh");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("tcsh").contains("bash").contains("zsh").contains("fish").contains("powershell");
    }

    /** Every name of every visible option of a command. */
    private static Set<String> names(CommandLine command) {
        Set<String> names = new HashSet<>();
        for (OptionSpec option : command.getCommandSpec().options()) {
            if (!option.hidden()) {
                names.addAll(List.of(option.names()));
            }
        }
        return names;
    }

    /**
     * A line split into words as fish splits it: blanks separate words, and in single quotes only
     * {@code \'} and {@code \\} are escapes; an unclosed quote or a stray character fails.
     */
    private static List<String> fishWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            word = word == null ? new StringBuilder() : word;
            if (c == '\'') {
                int end = i + 1;
                for (; end < line.length() && line.charAt(end) != '\''; end++) {
                    if (line.charAt(end) == '\\' && end + 1 < line.length() && "'\\".indexOf(line.charAt(end + 1)) >= 0) {
                        word.append(line.charAt(++end));
                    } else {
                        word.append(line.charAt(end));
                    }
                }
                assertThat(end).as("a closed quote in: " + line).isLessThan(line.length());
                i = end;
            } else {
                assertThat("\"$\\;&|<>(){}*?#~`".indexOf(c)).as("a character fish would read specially, unquoted, in: " + line)
                        .isNegative();
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /**
     * PowerShell's strings and comments skipped (single quotes doubled inside, double quotes with
     * backquote escapes, {@code #} to the end of the line), its brackets must pair and nest.
     */
    private static void assertPowerShellBalanced(String script) {
        Deque<Character> open = new ArrayDeque<>();
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (c == '#') {
                i = script.indexOf('\n', i);
            } else if (c == '\'') {
                i++;
                while (!(script.charAt(i) == '\'' && (i + 1 >= script.length() || script.charAt(i + 1) != '\''))) {
                    i += script.charAt(i) == '\'' ? 2 : 1;
                }
            } else if (c == '"') {
                i++;
                while (script.charAt(i) != '"') {
                    i += script.charAt(i) == '`' ? 2 : 1;
                }
            } else if ("({[".indexOf(c) >= 0) {
                open.push(c);
            } else if (")}]".indexOf(c) >= 0) {
                assertThat(open).as("an opening bracket for the " + c + " at " + i).isNotEmpty();
                assertThat(open.pop()).as("the bracket closed at " + i).isEqualTo("({[".charAt(")}]".indexOf(c)));
            }
        }
        assertThat(open).as("brackets left open").isEmpty();
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static void assertShellAccepts(List<String> command) throws Exception {
        Process shell = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(shell.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(shell.exitValue()).as(new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
    }
}
